// An incremental reader of one run's samples.jsonl. A run in progress appends samples, and the editor refreshes
// its figures every second; re-reading tens of megabytes each time would stall the server, so the index
// remembers how far it has read and parses only the bytes appended since. It keeps what the editor needs and
// nothing more: per-problem tallies (for the live summary) and a few sample excerpts per problem (for hovers).
// A file that shrank or was replaced (torn-line repair, regrading) is read again from the start.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { addToTally, newTally, type ProblemTally } from '../runs/problem-tally';
import { RequestMap } from '../runs/request-map';
import { MANIFEST, SAMPLES, readManifest } from '../runs/run-manifest';
import { openReadNoFollow } from '../runs/safe-fs';
import { parseSampleRecord, type SampleRecord } from '../runs/sample-record';
import { ExcerptPicker, type SampleExcerpt } from './answer-hover';

const CHUNK = 1 << 20;

export class RunSampleIndex {
  readonly file: string;
  tallies = new Map<string, ProblemTally>();
  /** Problem ids in first-seen order (the order a summary without the recipe uses). */
  order: string[] = [];
  tokens = { prompt: 0, completion: 0 };
  private pickers = new Map<string, ExcerptPicker>();
  private offset = 0;
  private ino = -1;
  private rest = '';
  /** Which problems a sample counts for, from run.json; re-read (and the index rebuilt) when run.json changes. */
  private requests = new RequestMap(undefined);
  /** The run's sample count per problem (run.json), when known. */
  private samples: number | undefined;
  private manifestStamp = '';

  constructor(readonly runDir: string) {
    this.file = path.join(runDir, SAMPLES);
  }

  /** Reads whatever was appended since the last call; returns false when the file cannot be read. */
  update(): boolean {
    this.followManifest();
    let fd: number;
    try {
      fd = openReadNoFollow(this.file); // a link planted as samples.jsonl is not followed (docs/runs.md)
    } catch {
      this.reset(-1);
      return false;
    }
    try {
      const st = fs.fstatSync(fd);
      if (st.ino !== this.ino || st.size < this.offset) this.reset(st.ino);
      const buf = Buffer.allocUnsafe(CHUNK);
      while (this.offset < st.size) {
        const n = fs.readSync(fd, buf, 0, Math.min(CHUNK, st.size - this.offset), this.offset);
        if (n <= 0) break;
        this.offset += n;
        // Split on newline bytes, which never occur inside a UTF-8 sequence; the unfinished tail waits.
        const text = this.rest + buf.toString('utf8', 0, n);
        const lines = text.split('\n');
        this.rest = lines.pop() ?? '';
        for (const l of lines) this.add(l);
      }
      return true;
    } catch {
      return false;
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Up to `max` excerpts of `problem` seen so far (see ExcerptPicker for which). */
  excerpts(problem: string, max = 3): SampleExcerpt[] {
    return this.pickers.get(problem)?.result(max) ?? [];
  }

  /** A new run.json (another recipe version reusing this folder) can change which samples count. */
  private followManifest(): void {
    let stamp = 'none';
    try {
      const st = fs.statSync(path.join(this.runDir, MANIFEST));
      stamp = `${st.ino}:${st.mtimeMs}:${st.size}`;
    } catch {
      stamp = 'none';
    }
    if (stamp === this.manifestStamp) return;
    this.manifestStamp = stamp;
    const manifest = readManifest(this.runDir);
    this.requests = new RequestMap(manifest?.requests);
    this.samples = manifest?.samples;
    this.reset(-1);
  }

  private add(line: string): void {
    if (!line.trim()) return;
    const r: SampleRecord | undefined = parseSampleRecord(line);
    if (!r) return; // a malformed line is skipped, as every reader of samples.jsonl does
    // Samples beyond the run's count come from an earlier, larger `samples`; figures use the first N (as the engine).
    if (this.samples !== undefined && r.index >= this.samples) return;
    for (const id of this.requests.idsFor(r)) {
      let t = this.tallies.get(id);
      if (!t) {
        this.tallies.set(id, (t = newTally(id)));
        this.order.push(id);
        this.pickers.set(id, new ExcerptPicker());
      }
      if (addToTally(t, r)) {
        this.tokens.prompt += r.tokens?.prompt ?? 0;
        this.tokens.completion += r.tokens?.completion ?? 0;
        this.pickers.get(id)!.add(id === r.problem ? r : { ...r, problem: id });
      }
    }
  }

  private reset(ino: number): void {
    this.ino = ino;
    this.offset = 0;
    this.rest = '';
    this.tallies = new Map();
    this.order = [];
    this.pickers = new Map();
    this.tokens = { prompt: 0, completion: 0 };
  }
}
