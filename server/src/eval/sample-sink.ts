// Where completions land: each is graded, appended to samples.jsonl and counted in its problem's tally, in
// that order, so what the summary counts is always on disk. Samples already stored (a batch output re-read
// after a crash, say) are skipped, so nothing is ever written twice.
import { addToTally, newTally, type ProblemTally } from '../runs/problem-tally';
import type { RunWriter } from '../runs/run-writer';
import type { SampleRecord, SampleVerdict } from '../runs/sample-record';
import type { Completion } from '../sampling/provider';
import type { PlannedProblem } from './eval-plan';
import type { Grade } from './grader';

export class SampleSink {
  readonly tallies = new Map<string, ProblemTally>();
  readonly tokens = { prompt: 0, completion: 0 };
  /** Samples stored by this process (not counting those found on disk). */
  added = 0;

  private writer: RunWriter | undefined;

  constructor(private readonly grade: Grade) {}

  /** Starts writing to a run folder; samples replayed from it before this call are only counted. */
  attach(writer: RunWriter): void {
    this.writer = writer;
  }

  tally(problem: string): ProblemTally {
    let t = this.tallies.get(problem);
    if (!t) this.tallies.set(problem, (t = newTally(problem)));
    return t;
  }

  /** Counts a sample read back from the run folder. */
  addExisting(r: SampleVerdict): void {
    if (addToTally(this.tally(r.problem), r)) {
      this.tokens.prompt += r.tokens?.prompt ?? 0;
      this.tokens.completion += r.tokens?.completion ?? 0;
    }
  }

  /** Stores completion j as sample indices[j]; returns how many were new. */
  accept(problem: PlannedProblem, indices: readonly number[], completions: readonly Completion[], latencyMs: number): number {
    const t = this.tally(problem.id);
    const records: SampleRecord[] = [];
    completions.forEach((c, j) => {
      const index = indices[j];
      if (index === undefined || t.indices.has(index)) return;
      records.push(this.record(problem, index, { prompt: c.promptTokens, completion: c.completionTokens }, latencyMs, c.finishReason, c.text));
    });
    this.store(t, records);
    return records.length;
  }

  /**
   * Stores a sample another run folder holds for the same request (docs/runs.md): judged again under this
   * problem's gold and grader, so no request is needed. Returns false when this sample index is already here.
   */
  adopt(problem: PlannedProblem, r: SampleRecord): boolean {
    const t = this.tally(problem.id);
    if (t.indices.has(r.index)) return false;
    // Adopted samples count as found, not as received: progress rates measure the server.
    this.store(t, [this.record(problem, r.index, r.tokens ?? { prompt: 0, completion: 0 }, r.latencyMs ?? 0, r.finish ?? '', r.text)]);
    this.added--;
    return true;
  }

  /** One samples.jsonl record, keys in the order parseSampleVerdict's fast path expects (text last). */
  private record(problem: PlannedProblem, index: number, tokens: SampleRecord['tokens'], latencyMs: number, finish: string, text: string): SampleRecord {
    const v = this.grade(text, problem.gold);
    return { problem: problem.id, index, answer: v.answer, correct: v.correct, tokens, req: problem.req, vid: problem.vid, latencyMs, finish, text };
  }

  private store(t: ProblemTally, records: SampleRecord[]): void {
    if (!this.writer) throw new Error('SampleSink.accept called before attach: the run folder is not open.');
    this.writer.append(records);
    for (const r of records) {
      addToTally(t, r);
      this.tokens.prompt += r.tokens.prompt;
      this.tokens.completion += r.tokens.completion;
    }
    this.added += records.length;
  }
}

/** Splits sorted sample indices into runs of consecutive indices at most `max` long (one request each). */
export function contiguousChunks(indices: readonly number[], max: number): number[][] {
  const out: number[][] = [];
  let cur: number[] = [];
  for (const i of indices) {
    if (cur.length && (i !== cur[cur.length - 1]! + 1 || cur.length >= max)) {
      out.push(cur);
      cur = [];
    }
    cur.push(i);
  }
  if (cur.length) out.push(cur);
  return out;
}
