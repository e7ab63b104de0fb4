// The synthesis engine behind `passk synth` and the editor's "Run Synthesis" (`synthesize` in docs/recipe-format.md): for every
// seed problem, `perSeed` times, generate a new problem, drop near-duplicates and test-set overlaps (cheap
// filters first, before any further request is paid for), verify it, solve it `samples` times, and keep it when
// the solutions agree; the majority answer becomes its label. Each verdict is journaled as it is reached, so a
// killed run resumes where it stopped; the SFT output is rewritten from the journal at the end, only where the
// recipe may write (export-target.ts), and recorded in the run's manifest so the next run may replace it.
import { setMaxListeners } from 'node:events';
import * as path from 'node:path';
import { extractAnswer } from '../answers';
import type { EnvMap } from '../text/env';
import { compileRecipeRegex, type RecipeRegex } from '../text/recipe-regex';
import type { Problem, Result } from '../problems/problem';
import { runsRoot } from '../eval/eval-plan';
import { FORMAT_VERSION } from '../runs/run-file-schema';
import { acquireRunLock } from '../runs/run-lock';
import { ensureRealDir, fsErrorMessage, writeJsonAtomic } from '../runs/safe-fs';
import { SamplingError } from '../sampling/sampling-error';
import { redact } from '../sampling/secrets';
import { CandidateJournal, type CandidateRecord, type RejectReason } from './candidate-journal';
import { judgeConsistency } from './consistency';
import { checkExportTarget, type ExportTarget } from './export-target';
import { exportWriterFor } from './export-writer';
import { shardLabel, type ShardSpec } from '../runs/shard-spec';
import { ContaminationIndex } from './contamination-index';
import { NearDuplicateIndex } from './near-duplicate-index';
import { renderPrompt } from './render-prompt';
import { sftRow } from './sft-row';
import { fnv1a } from './shingles';
import { StageSampler } from './stage-sampler';
import { loadSynthManifest, newSynthManifest, recordExport, saveSynthManifest, type SynthManifest } from './synth-manifest';
import { adoptLegacyExport, isLegacyRunDir, planMembership, streamExport, tallyJournal, type JournalTally } from './synth-export';
import { planSynthesis, type PlannedStage, type SeedProblem, type SynthPlan } from './synth-plan';
import type { RecipeDoc } from '../recipe/model';

export interface SynthProgress {
  /** Candidates with a verdict (including those journaled by earlier runs), and how many the run plans. */
  done: number;
  total: number;
  accepted: number;
  retries: number;
  errors: number;
  /** Per stage: candidates that got a parsable problem, passed verification, and got their solutions judged. */
  generated: number;
  verified: number;
  solved: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** Verdicts per second in this process (journaled ones from earlier runs are not counted). */
  rate: number;
  /** Seconds until the plan (or the `count` target, at the acceptance rate so far) is reached, once a rate is known. */
  etaSeconds?: number;
}

interface StageStats {
  done: number;
  generated: number;
  verified: number;
  solved: number;
  kept: number;
  rejected: Partial<Record<RejectReason, number>>;
}

function newStageStats(): StageStats {
  return { done: 0, generated: 0, verified: 0, solved: 0, kept: 0, rejected: {} };
}

/**
 * Counts a verdict into the stage it reached: the filters run in a fixed order (parse, dedup, decontaminate,
 * verify, solve), so a rejection's reason says which stages the candidate passed.
 */
function countVerdict(s: StageStats, r: CandidateRecord): void {
  s.done++;
  if (r.status === 'accepted') s.kept++;
  else if (r.reason) s.rejected[r.reason] = (s.rejected[r.reason] ?? 0) + 1;
  if (r.reason === 'unparsable') return;
  s.generated++;
  if (r.reason === 'duplicate' || r.reason === 'contaminated' || r.reason === 'unverified') return;
  s.verified++;
  s.solved++;
}

export interface SynthSummary {
  /** On disk only: the file kind and format version (docs/runs.md); absent in summaries of older runs. */
  kind?: 'synth-summary';
  version?: number;
  entry: string;
  runDir: string;
  output: string;
  fingerprint: string;
  seeds: number;
  candidates: number;
  accepted: number;
  rejected: Partial<Record<RejectReason, number>>;
  /** The first few rejections of each reason with what the filter matched (docs/synthesis-scale.md). */
  examples?: JournalTally['examples'];
  /** `i/N` when the run is one shard of a cluster run (`passk synth --shard`). */
  shard?: string;
  /** Candidates whose requests failed; a rerun retries them. */
  failed: number;
  completed: boolean;
}

export interface RunSynthesisOptions {
  env: EnvMap;
  signal?: AbortSignal;
  limit?: number;
  apiKeys?: Record<string, string>;
  allowNetwork?: boolean;
  onProgress?: (p: SynthProgress) => void;
  retryBaseMs?: number;
  /** Batch API poll interval for `batch: true` models (default 10 s); tests shorten it. */
  batchPollMs?: number;
  /**
   * The user's explicit consent (`passk synth --force`) to write the output outside the recipe folder, through a
   * symbolic link on the way, or over a file passk did not export. The editor never sets it.
   */
  force?: boolean;
  /** Run one slice of the seeds (`passk synth --shard i/N`); `passk merge` joins the slices. */
  shard?: ShardSpec;
}

const SUMMARY = 'synth-summary.json';

/**
 * A recipe pattern on RE2 (text/recipe-regex.ts): a model's output is matched in linear time whatever the
 * pattern. An invalid pattern means "no pattern" here; the validator reports it at its position.
 */
function compileRegex(source: string | undefined, flags: string): RecipeRegex | undefined {
  if (!source) return undefined;
  return compileRecipeRegex(source, flags).value;
}

/** A deterministic per-candidate seed, so reruns and resumed runs ask the same questions of seeded servers. */
function requestSeed(stage: PlannedStage, key: string, name: string): number {
  return ((stage.params.seed ?? 0) + fnv1a(`${key}#${name}`)) % 2_147_483_647;
}

export async function runSynthesis(doc: RecipeDoc, entry: string | undefined, opts: RunSynthesisOptions): Promise<Result<SynthSummary | undefined>> {
  const planned = await planSynthesis(doc, entry, opts.limit, opts.signal, opts.shard);
  const problems: Problem[] = [...planned.problems];
  const plan = planned.value;
  if (!plan) return { value: undefined, problems };
  const exportTo: ExportTarget = { file: plan.def.output, recipeDir: doc.dir, synthRoot: path.join(runsRoot(doc.file), 'synth'), force: opts.force === true };
  // Checked before any request is paid for, and again just before writing. A run folder of a passk that did
  // not record exports gets its chance to recognise its output once its journal is read (adoptLegacyExport).
  const refused = plan.shard ? undefined : checkExportTarget(exportTo);
  if (refused && !(refused.code === 'synth/output-exists' && isLegacyRunDir(plan.runDir))) return { value: undefined, problems: [...problems, refused] };
  try {
    ensureRealDir(plan.runDir);
  } catch (e) {
    return { value: undefined, problems: [...problems, { code: 'synth/io', severity: 'error', message: `The synthesis run folder ${plan.runDir} cannot be used: ${fsErrorMessage(e)}.` }] };
  }
  const lock = acquireRunLock(path.join(plan.runDir, 'lock'));
  problems.push(...lock.problems);
  if (!lock.value) return { value: undefined, problems };
  const journal = new CandidateJournal(plan.runDir);
  const stopper = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stopper.signal]) : stopper.signal;
  // Every request in flight listens to the run's signal; hundreds of listeners are expected, not a leak.
  setMaxListeners(0, signal);
  let sampler: StageSampler | undefined;
  try {
    journal.open();
    problems.push(...journal.problems);
    const loaded = loadSynthManifest(plan.runDir);
    if (loaded.problem) problems.push({ ...loaded.problem, severity: 'warning' });
    const manifest = loaded.manifest ?? newSynthManifest(plan.entry, plan.fingerprint, doc.file);
    if (!loaded.manifest && !loaded.problem) adoptLegacyExport(plan, journal, exportTo, manifest);
    saveSynthManifest(plan.runDir, manifest);
    if (refused) {
      const still = checkExportTarget(exportTo);
      if (still) {
        problems.push(still);
        return { value: undefined, problems };
      }
    }
    const dedup = plan.def.filters.dedup ? new NearDuplicateIndex(plan.def.filters.dedup.ngram, plan.def.filters.dedup.threshold) : undefined;
    const contamination = plan.def.filters.decontaminate ? new ContaminationIndex(plan.def.filters.decontaminate.ngram) : undefined;
    // Shingling whole test sets takes a while (GSM8K's test set about half a second), so the loop yields every
    // few milliseconds: a cancel must be seen within a second in every phase (README, "Signals").
    let slice = Date.now();
    for (const t of plan.testSets) {
      for (const r of t.rows) {
        contamination?.addTestItem(t.name, r.id, r.question);
        if (Date.now() - slice < 20) continue;
        await new Promise<void>((resolve) => setImmediate(resolve));
        slice = Date.now();
        if (signal.aborted) break;
      }
    }
    // Seeds first, so a new problem that merely restates its seed (or any other seed) is a duplicate of it.
    if (dedup && plan.def.filters.dedup?.againstSeeds) {
      for (const seed of plan.seeds) {
        dedup.add(`seed ${seed.id}`, seed.question);
        if (Date.now() - slice < 20) continue;
        await new Promise<void>((resolve) => setImmediate(resolve));
        slice = Date.now();
        if (signal.aborted) break;
      }
    }
    // Rebuild the duplicate index as the earlier run had it (every problem that got past parsing and was not
    // itself a duplicate was added when it was generated), counting only this plan's candidates: a rerun with a
    // smaller --limit must not report, or export, the earlier run's extra seeds. The journal is streamed, never
    // held.
    const inPlan = planMembership(plan);
    const stats = newStageStats();
    for (const r of journal.scan()) {
      if (!inPlan(r)) continue;
      countVerdict(stats, r);
      if (r.question !== null && r.reason !== 'duplicate') dedup?.add(r.key, r.question);
    }
    let done = stats.done;
    let accepted = stats.kept;

    // The work left is walked lazily (seed by seed, index by index): a list of a million pending candidates
    // would itself cost a hundred megabytes.
    const todo = { length: plan.seeds.length * plan.def.perSeed - done, seed: 0, index: 0 };
    const nextCandidate = (): { seed: SeedProblem; index: number; key: string } | undefined => {
      while (todo.seed < plan.seeds.length) {
        const seed = plan.seeds[todo.seed]!;
        const index = todo.index;
        if (++todo.index >= plan.def.perSeed) {
          todo.index = 0;
          todo.seed++;
        }
        const key = `${seed.id}#${index}`;
        if (!journal.has(key)) return { seed, index, key };
      }
      return undefined;
    };
    const total = plan.seeds.length * plan.def.perSeed;
    // A shard cannot know how many the other shards accepted, so it runs all its seeds; the merge applies `count`.
    const target = plan.shard ? undefined : plan.def.count;
    let failed = 0;
    let fatal: SamplingError | undefined;
    let lastError: SamplingError | undefined;
    const started = Date.now();
    const resumed = done;
    const report = () => {
      const elapsed = (Date.now() - started) / 1000;
      const rate = elapsed > 0 ? (done - resumed) / elapsed : 0;
      const left = (target !== undefined ? Math.min(total, done + Math.max(0, target - accepted) * (done > 0 && accepted > 0 ? done / accepted : 1)) : total) - done;
      opts.onProgress?.({
        done, total, accepted, retries: sampler?.retries ?? 0, errors: failed,
        generated: stats.generated, verified: stats.verified, solved: stats.solved, rejected: { ...stats.rejected },
        rate, ...(rate > 0 && left > 0 ? { etaSeconds: left / rate } : {}),
      });
    };
    report();

    if (todo.length && (target === undefined || accepted < target)) {
      if (opts.allowNetwork === false) {
        problems.push({ code: 'synth/network-disallowed', severity: 'error', message: `Synthesis "${plan.entry}" has ${todo.length} candidates left, but sending requests is not allowed here (untrusted workspace); trust the workspace to run it.` });
      } else {
        const models = new Map([plan.generate, plan.verify, plan.solve].filter((s): s is PlannedStage => !!s).map((s) => [s.model.name, s.model]));
        sampler = new StageSampler(models.values(), {
          env: opts.env, signal, runDir: plan.runDir, ...(opts.apiKeys ? { apiKeys: opts.apiKeys } : {}),
          ...(opts.retryBaseMs !== undefined ? { retryBaseMs: opts.retryBaseMs } : {}), ...(opts.batchPollMs !== undefined ? { batchPollMs: opts.batchPollMs } : {}),
        });
        problems.push(...sampler.problems);
        const s = sampler;
        const record = (r: CandidateRecord) => {
          if (target !== undefined && accepted >= target && r.status === 'accepted') return;
          journal.append(r);
          done++;
          countVerdict(stats, r);
          if (r.status === 'accepted' && ++accepted === target) stopper.abort();
          report();
        };
        // A batch model answers a stage hours later, so every candidate is in flight at once and each stage of all
        // of them goes into one batch; otherwise the pool keeps every model's concurrency busy.
        const poolSize = s.batched ? todo.length : Math.min(256, 2 * [...models.values()].reduce((n, m) => n + m.concurrency, 0));
        const worker = async () => {
          while (!signal.aborted) {
            const c = nextCandidate();
            if (!c) break;
            try {
              const r = await candidate(plan, s, c, { dedup, contamination });
              record(r);
            } catch (e) {
              const se = e instanceof SamplingError ? e : new SamplingError(String(e), 'retryable');
              if (se.kind === 'fatal') {
                fatal ??= se;
                stopper.abort();
              } else if (se.kind === 'retryable') {
                failed++;
                lastError = se;
              }
            }
          }
        };
        await Promise.all(Array.from({ length: Math.max(1, Math.min(poolSize, todo.length)) }, worker));
      }
    }
    const secrets = sampler?.secrets ?? [];
    if (fatal) problems.push({ code: 'synth/request-rejected', severity: 'error', message: redact(`The synthesis "${plan.entry}" stopped: ${fatal.message}`, secrets) });
    if (failed) problems.push({ code: 'synth/requests-failed', severity: 'warning', message: redact(`${failed} candidate(s) of "${plan.entry}" failed after retries${lastError ? ` (last: ${lastError.message})` : ''}; rerun to retry them.`, secrets) });
    if (opts.signal?.aborted) problems.push({ code: 'synth/cancelled', severity: 'information', message: `The synthesis "${plan.entry}" was cancelled; its verdicts so far are kept and a rerun continues from there.` });
    const summary = finish(plan, journal, failed, !fatal && !opts.signal?.aborted && failed === 0, { target: exportTo, manifest, problems });
    return { value: summary, problems };
  } catch (e) {
    problems.push({ code: 'synth/io', severity: 'error', message: `The synthesis run folder ${plan.runDir} could not be written: ${fsErrorMessage(e)}.` });
    return { value: undefined, problems };
  } finally {
    journal.close();
    lock.value.release();
  }
}

/** What a candidate's stages said, for the live preview (the journal keeps only the verdict). */
export interface CandidateTrace {
  generated?: string;
  verification?: string;
  solutions?: { text: string; answer: string | null }[];
}

/** One candidate through every stage; throws a SamplingError when a request keeps failing. */
export async function candidate(
  plan: SynthPlan,
  sampler: StageSampler,
  c: { seed: SeedProblem; index: number; key: string },
  filters: { dedup: NearDuplicateIndex | undefined; contamination: ContaminationIndex | undefined },
  trace: CandidateTrace = {},
): Promise<CandidateRecord> {
  const base = { key: c.key, seed: c.seed.id, index: c.index };
  const seedVars = { question: c.seed.question, answer: c.seed.answer, row: c.seed.row };
  const reject = (question: string | null, reason: RejectReason, detail?: string): CandidateRecord => ({ ...base, question, status: 'rejected', reason, ...(detail ? { detail } : {}) });
  const ask = async (stage: PlannedStage, name: string, vars: object, count: number): Promise<string[]> => {
    const prompt = renderPrompt(stage.prompt, vars);
    if (!prompt.value) throw new SamplingError(`Prompt "${stage.prompt.name}" does not render: ${prompt.problems[0]?.message ?? 'unknown error'}`, 'fatal');
    return sampler.sample(stage.model.name, prompt.value, count, { ...stage.params, seed: requestSeed(stage, c.key, name) });
  };

  const [generated] = await ask(plan.generate, 'generate', { seed: seedVars }, 1);
  trace.generated = generated ?? '';
  const parse = compileRegex(plan.def.generate.parse, '');
  const m = parse ? parse.exec(generated ?? '') : null;
  const question = (parse ? (m ? (m[1] ?? m[0]) : '') : generated ?? '').trim();
  if (!question) return reject(null, 'unparsable', (generated ?? '').slice(0, 200));
  const dup = filters.dedup?.add(c.key, question);
  if (dup) return reject(question, 'duplicate', `${dup.of} (Jaccard ${dup.similarity.toFixed(2)})`);
  const hit = filters.contamination?.check(question);
  if (hit) return reject(question, 'contaminated', `${hit.source}:${hit.id}${hit.ngram ? ` ("${hit.ngram}")` : ''}`);
  const vars = { question, seed: seedVars };
  if (plan.verify && plan.def.verify) {
    const [verdict] = await ask(plan.verify, 'verify', vars, 1);
    trace.verification = verdict ?? '';
    const accept = compileRegex(plan.def.verify.accept, 'i');
    if (!accept || !accept.test(verdict ?? '')) return reject(question, 'unverified', (verdict ?? '').slice(0, 200));
  }
  const solutions = await ask(plan.solve, 'solve', vars, plan.def.solve.samples);
  const answers = solutions.map((s) => extractAnswer(s, plan.def.grader.extract).answer);
  trace.solutions = solutions.map((text, i) => ({ text, answer: answers[i] ?? null }));
  const verdict = judgeConsistency(answers, plan.def.filters.consistency?.minAgreement ?? 0, plan.def.grader.compare);
  if (verdict.label === null) return { ...reject(question, 'no-answer'), answer: null, agreement: 0 };
  if (!verdict.accepted) return { ...reject(question, 'inconsistent', `${verdict.tie ? 'tie: ' : ''}${verdict.label} at ${verdict.agreement.toFixed(2)}`), answer: verdict.label, agreement: verdict.agreement };
  const exp = plan.def.export;
  // The user turn as the solver saw it, when the export asks for it: the same rendering as the request's.
  const user = exp?.user === 'prompt' ? renderPrompt(plan.solve.prompt, vars).value?.user ?? question : question;
  const row = sftRow({
    entry: plan.entry, question: user, solution: solutions[verdict.agreeing[0]!]!, answer: verdict.label, seedId: c.seed.id,
    generator: plan.generate.model.model, solver: plan.solve.model.model, agreement: verdict.agreement, solutions: solutions.length,
    ...(exp?.system ? { system: exp.system } : {}),
  });
  const more = verdict.agreeing.slice(1, exp?.solutions ?? 1).map((i) => solutions[i]!);
  return { ...base, question, status: 'accepted', answer: verdict.label, agreement: verdict.agreement, row, ...(more.length ? { more } : {}) };
}


/**
 * Streams the SFT output from the journal (seed order, then index) into temporary files where the recipe may
 * write, renames them into place, records them in the run's manifest, and writes the run's summary. A refused
 * output is an error problem; the journal keeps every verdict, so a rerun (with `--force` if the user agrees)
 * exports without new requests.
 */
export function finish(plan: SynthPlan, journal: CandidateJournal, failed: number, completed: boolean, out: { target: ExportTarget; manifest: SynthManifest; problems: Problem[] }): SynthSummary {
  const tally = tallyJournal(plan, journal);
  const refused = plan.shard ? undefined : checkExportTarget(out.target);
  if (refused) out.problems.push(refused);
  else if (!plan.shard) {
    // A shard exports nothing: its slice is not the output, and `passk merge` writes the output from all slices.
    const maxMB = plan.def.export?.maxFileMB;
    const writer = exportWriterFor(out.target, maxMB ? Math.floor(maxMB * 1024 * 1024) : undefined);
    try {
      streamExport(plan, journal, writer);
      const done = writer.commit();
      if (done.refused) out.problems.push(done.refused);
      for (const rec of done.records) recordExport(out.manifest, rec);
      saveSynthManifest(plan.runDir, out.manifest);
    } catch (e) {
      writer.abort();
      throw e;
    }
  }
  const summary: SynthSummary = {
    entry: plan.entry, runDir: plan.runDir, output: plan.def.output, fingerprint: plan.fingerprint, seeds: plan.seeds.length,
    candidates: tally.candidates, accepted: tally.accepted, rejected: tally.rejected, examples: tally.examples, failed, completed,
    ...(plan.shard ? { shard: shardLabel(plan.shard) } : {}),
  };
  writeJsonAtomic(path.join(plan.runDir, SUMMARY), { kind: 'synth-summary', version: FORMAT_VERSION, ...summary });
  return summary;
}
