// Merge benchmark: what `passk merge` pays to check and combine the shards of a full-size run. A synthetic run of
// the whole GSM8K test set (1319 problems × 64 samples, realistic answer spreads) is written in the engine's own
// format twice: once unsharded, once as 8 shard runs (`passk eval --shard i/8`) holding the same samples. Timed
// on one core, best of 3:
//   - merge: reading, checking (identities, coverage, verdict identities, counts against each summary) and
//     writing the 8 shards as one run with its summary
//   vs baseline 1, the I/O floor: concatenating the shards' samples.jsonl files into one file;
//   vs baseline 2, recomputing the unsharded run's summary from its samples (what `passk report` does for a run
//     interrupted before its summary), i.e. the statistics every merge must redo anyway.
// It also checks that the merged figures equal the unsharded run's and prints the process's peak RSS.
// Target: merge within 2× baseline 2 (checking and copying cost at most as much as the summary itself). Peak RSS
// is the whole process's, building the synthetic run included.
// Measured on the 2-core dev VM: merge 2158 ms, baseline 1 171 ms, baseline 2 1508 ms (1.43×), 39 000 samples/s.
const esbuild = require('esbuild');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const { benchEvalWorkspace } = require('./support/eval-workspace');
const outFile = path.join(os.tmpdir(), `passk-bench-merge-${process.pid}.js`);
fs.writeFileSync(
  outFile + '.entry.ts',
  [
    `export { analyzeRecipe } from ${JSON.stringify(path.join(root, 'server/src/recipe'))};`,
    `export { planEvaluation, summarizeRun, summarizeStoredRun, loadRun, mergeShards } from ${JSON.stringify(path.join(root, 'server/src/eval'))};`,
    `export { newTally, addToTally, writeRunSummary } from ${JSON.stringify(path.join(root, 'server/src/runs'))};`,
  ].join('\n'),
);
esbuild.buildSync({ entryPoints: [outFile + '.entry.ts'], outfile: outFile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
const core = require(outFile);
fs.rmSync(outFile, { force: true });
fs.rmSync(outFile + '.entry.ts', { force: true });

const SAMPLES = 64;
const SHARDS = 8;
let seed = 4242;
const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);

/** Writes a finished run folder for `plan` with the given samples: run.json, samples.jsonl, summary.json. */
function writeRun(plan, samplesOf) {
  fs.mkdirSync(plan.runDir, { recursive: true });
  fs.writeFileSync(path.join(plan.runDir, 'run.json'), JSON.stringify(plan.manifest));
  const tallies = new Map();
  const lines = [];
  const tokens = { prompt: 0, completion: 0 };
  for (const p of plan.problems) {
    const t = core.newTally(p.id);
    for (const rec of samplesOf(p)) {
      lines.push(JSON.stringify(rec));
      core.addToTally(t, rec);
      tokens.prompt += rec.tokens.prompt;
      tokens.completion += rec.tokens.completion;
    }
    tallies.set(p.id, t);
  }
  fs.writeFileSync(path.join(plan.runDir, 'samples.jsonl'), lines.length ? lines.join('\n') + '\n' : '');
  const summary = core.summarizeRun({ manifest: plan.manifest, runDir: plan.runDir, problems: plan.problems, tallies, tokens });
  core.writeRunSummary(plan.runDir, summary);
  return summary;
}

function best(n, fn) {
  let ms = Infinity;
  let value;
  for (let i = 0; i < n; i++) {
    const t = process.hrtime.bigint();
    value = fn();
    ms = Math.min(ms, Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { ms, value };
}

async function main() {
  const { dir, doc } = benchEvalWorkspace(core, root, { prefix: 'passk-bench-merge-', dataset: 'gsm8k', samples: SAMPLES });
  const whole = (await core.planEvaluation(doc, 'e', undefined)).value;
  // Each problem has a latent skill; wrong answers spread over a few near misses, some samples give none.
  const byProblem = new Map();
  for (const p of whole.problems) {
    const skill = rnd() ** 2;
    const recs = [];
    for (let i = 0; i < SAMPLES; i++) {
      const r = rnd();
      const answer = r < skill ? p.gold : r > 0.97 ? null : `${Number(p.gold) + 1 + Math.floor(rnd() * 4)}`;
      recs.push({ problem: p.id, index: i, answer, correct: answer === p.gold, tokens: { prompt: 120, completion: 200 }, req: p.req, vid: p.vid, latencyMs: 900, finish: 'stop', text: `Step by step… ${'reasoning '.repeat(40)}The answer is: ${answer}.` });
    }
    byProblem.set(p.id, recs);
  }
  const wholeSummary = writeRun(whole, (p) => byProblem.get(p.id));
  const shardDirs = [];
  for (let index = 0; index < SHARDS; index++) {
    const plan = (await core.planEvaluation(doc, 'e', undefined, undefined, undefined, { index, count: SHARDS })).value;
    writeRun(plan, (p) => byProblem.get(p.id));
    shardDirs.push(plan.runDir);
  }
  const mb = (fs.statSync(path.join(whole.runDir, 'samples.jsonl')).size / 1e6).toFixed(1);
  console.log(`Synthetic run: ${whole.problems.length} problems × ${SAMPLES} samples (samples.jsonl ${mb} MB) and the same as ${SHARDS} shards`);

  const out = path.join(dir, 'merged');
  const merge = best(3, () => {
    const r = core.mergeShards(shardDirs, { out, replace: true });
    if (!r.value) throw new Error(`merge failed: ${JSON.stringify(r.problems)}`);
    return r.value.summary;
  });
  const concat = best(3, () => {
    const target = path.join(dir, 'concat.jsonl');
    fs.writeFileSync(target, '');
    for (const d of shardDirs) fs.appendFileSync(target, fs.readFileSync(path.join(d, 'samples.jsonl')));
  });
  const recompute = best(3, () => core.summarizeStoredRun(core.loadRun(whole.runDir).value, whole.runDir));
  const figures = (s) => JSON.stringify({ passAtK: s.passAtK, majAtK: s.majAtK, ci: s.ci, perProblem: s.perProblem, instability: s.instability });
  const equal = figures(merge.value) === figures(wholeSummary);
  const row = (name, ms, base) => console.log(`  ${name.padEnd(58)} ${ms.toFixed(0).padStart(6)} ms${base ? `   ${(ms / base).toFixed(2)}× baseline 2` : ''}`);
  row('merge 8 shards (check + write + summary)', merge.ms, recompute.ms);
  row('baseline 1: concatenate the shards\' samples.jsonl', concat.ms, recompute.ms);
  row('baseline 2: recompute the unsharded run\'s summary', recompute.ms);
  const samples = whole.problems.length * SAMPLES;
  console.log(`  merge throughput: ${Math.round(samples / (merge.ms / 1000)).toLocaleString('en-US')} samples/s; peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
  console.log(`  merged figures equal the unsharded run's: ${equal ? 'yes' : 'NO'}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const within = merge.ms <= 2 * recompute.ms;
  console.log(`  target merge ≤ 2× baseline 2: ${within ? 'met' : 'MISSED'}`);
  if (!equal || !within) process.exit(1);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
