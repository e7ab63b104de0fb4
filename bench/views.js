// Views benchmark: what whole curves, comparisons and the one renderer cost on a full-size run. Synthetic runs of
// the GSM8K test set's size (1319 problems × 64 samples, answers spread over a few clusters per problem) in
// memory, on one core:
//   - the whole curves (pass@k and maj@k at every k from 1 to 64, with intervals)
//       vs baseline: the run's own summary at the recipe's k values [1, 8, 64] (what eval already pays);
//   - passk compare of two such runs (curves of both, 128 paired differences with bootstrap and permutation)
//       vs baseline: the two summaries at the recipe's k values;
//   - rendering the report page with its sample browser (200 problems × 8 samples of 1 500 characters)
//       vs baseline: JSON.stringify of the same view data (the cost of sending it to the webview).
// Targets: whole curves under 10 s and a comparison under 20 s on one core (a CLI command, once per report);
// the render under 1 s (the editor renders it on every refresh of the panel).
const esbuild = require('esbuild');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const outFile = path.join(os.tmpdir(), `passk-bench-views-${process.pid}.js`);
fs.writeFileSync(
  outFile + '.entry.ts',
  [
    `export { summarize, compareRuns } from ${JSON.stringify(path.join(root, 'server/src/stats'))};`,
    `export { wholeCurve } from ${JSON.stringify(path.join(root, 'server/src/report/whole-curve'))};`,
    `export { renderView } from ${JSON.stringify(path.join(root, 'server/src/report/render-view'))};`,
    `export { problemViewOf } from ${JSON.stringify(path.join(root, 'server/src/report/problem-view'))};`,
    `export { reportData } from ${JSON.stringify(path.join(root, 'server/src/report/report-data'))};`,
  ].join('\n'),
);
esbuild.buildSync({ entryPoints: [outFile + '.entry.ts'], outfile: outFile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
const core = require(outFile);
fs.rmSync(outFile, { force: true });
fs.rmSync(outFile + '.entry.ts', { force: true });

const PROBLEMS = 1319;
const SAMPLES = 64;
let seed = 4242;
const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);

/** One run: per problem a latent skill; wrong answers spread over up to three clusters, a few unanswered. */
function run(shift) {
  const counts = [];
  for (let i = 0; i < PROBLEMS; i++) {
    const skill = Math.min(1, Math.max(0, rnd() + shift));
    const sizes = [0, 0, 0, 0];
    let unanswered = 0;
    for (let s = 0; s < SAMPLES; s++) {
      const r = rnd();
      if (r < skill) sizes[0]++;
      else if (r > 0.97) unanswered++;
      else sizes[1 + Math.floor(rnd() * 3)]++;
    }
    counts.push({ problem: `p${i}`, n: SAMPLES, correct: sizes[0], clusterSizes: sizes, correctCluster: 0, unanswered });
  }
  return counts;
}

function time(fn) {
  const t0 = process.hrtime.bigint();
  const value = fn();
  return { ms: Number(process.hrtime.bigint() - t0) / 1e6, value };
}

const a = run(0);
const b = run(0.05);
const summary = time(() => core.summarize(a, [1, 8, 64]));
const curve = time(() => core.wholeCurve(a));
console.log(`whole curves (${curve.value.length} k values):  ${curve.ms.toFixed(0)} ms   baseline summary at [1, 8, 64]: ${summary.ms.toFixed(0)} ms   ratio ${(curve.ms / summary.ms).toFixed(1)}×`);

const two = time(() => [core.summarize(a, [1, 8, 64]), core.summarize(b, [1, 8, 64])]);
const cmp = time(() => core.compareRuns([{ label: 'a', counts: a }, { label: 'b', counts: b }]));
console.log(`compare two runs (${cmp.value.pairs.length} pairs):     ${cmp.ms.toFixed(0)} ms   baseline two summaries:          ${two.ms.toFixed(0)} ms   ratio ${(cmp.ms / two.ms).toFixed(1)}×`);

// A report view with whole curves and a sample browser, as `passk report --html` builds it.
const rows = summary.value.perProblem.map((p) => ({ ...p, line: 0, gold: '42', answers: [{ answer: '42', count: p.correct, correct: true }, { answer: '41', count: SAMPLES - p.correct, correct: false }], unanswered: 0 }));
const s = { ...summary.value, perProblem: rows, entry: 'gsm', runDir: '/runs/x', fingerprint: 'f'.repeat(64), created: '', updated: '', complete: true, samplesPerProblem: SAMPLES, missing: 0, tokens: { prompt: 0, completion: 0 }, expect: [], config: {} };
const text = 'Let us think. We have $\\frac{84}{2} = 42$ apples. '.repeat(30);
const samples = new Map(rows.slice(0, 200).map((p) => [p.problem, Array.from({ length: 8 }, (_, index) => ({ problem: p.problem, index, answer: index % 2 ? '42' : '41', correct: index % 2 === 1, tokens: { prompt: 1, completion: 1 }, latencyMs: 1, finish: 'stop', text }))]));
const browser = core.problemViewOf('gsm', rows.slice(0, 200).map((p) => p.problem), samples, { questions: new Map(rows.map((p) => [p.problem, { question: 'If $x^2 = 4$ and $x > 0$, what is $\\sqrt{x}$?', gold: '42' }])) }, { maxSamples: 8, maxText: 2000 });
const view = { kind: 'report', report: core.reportData(s, curve.value), provenance: 'bench', stale: false };
const json = time(() => JSON.stringify({ view, browser }));
const page = time(() => {
  const r = core.renderView({ ...view });
  const p = core.renderView({ kind: 'problem', problem: browser });
  return r.body.toString().length + p.body.toString().length;
});
console.log(`render report + browser (${(page.value / 1e6).toFixed(1)} MB):  ${page.ms.toFixed(0)} ms   baseline JSON.stringify of the data: ${json.ms.toFixed(0)} ms   ratio ${(page.ms / json.ms).toFixed(1)}×`);
const slow = curve.ms > 10_000 || cmp.ms > 20_000 || page.ms > 1_000;
if (slow) console.log('passk bench views: over target');
process.exit(slow ? 1 : 0);
