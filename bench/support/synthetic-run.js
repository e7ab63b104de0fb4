// A finished evaluation run written in the engine's own format (run.json, samples.jsonl, summary.json) for the
// benchmarks that read runs, so they measure real files without calling a model. Each problem has a latent skill
// (a random number squared): a sample is right with that probability, gives no answer 3 % of the time, and is
// otherwise one of four near misses. The benchmarks differ only in how a near miss and a sample's text look.

/**
 * @param core the recipe core bundled by the benchmark (planEvaluation's result, newTally, addToTally, summarizeRun)
 * @param plan the entry's evaluation plan
 * @returns the run's summary, its samples.jsonl lines and its per-problem tallies
 * @param {{ samples: number, rnd: () => number, nearMiss: (gold: string, k: number) => string, text: (answer: string | null) => string }} o
 */
function writeSyntheticRun(core, plan, o) {
  const fs = require('node:fs');
  const path = require('node:path');
  fs.mkdirSync(plan.runDir, { recursive: true });
  fs.writeFileSync(path.join(plan.runDir, 'run.json'), JSON.stringify({ ...plan.manifest, problems: plan.problems.length }));
  const out = [];
  const tallies = new Map();
  for (const p of plan.problems) {
    const skill = o.rnd() ** 2;
    const t = core.newTally(p.id);
    for (let i = 0; i < o.samples; i++) {
      const r = o.rnd();
      const answer = r < skill ? p.gold : r > 0.97 ? null : o.nearMiss(p.gold, 1 + Math.floor(o.rnd() * 4));
      const rec = { problem: p.id, index: i, answer, correct: answer === p.gold, tokens: { prompt: 120, completion: 200 }, latencyMs: 900, finish: 'stop', text: o.text(answer) };
      out.push(JSON.stringify(rec));
      core.addToTally(t, rec);
    }
    tallies.set(p.id, t);
  }
  fs.writeFileSync(path.join(plan.runDir, 'samples.jsonl'), `${out.join('\n')}\n`);
  const summary = core.summarizeRun({ manifest: { ...plan.manifest, problems: plan.problems.length }, runDir: plan.runDir, problems: plan.problems, tallies, tokens: { prompt: 0, completion: 0 } });
  fs.writeFileSync(path.join(plan.runDir, 'summary.json'), JSON.stringify(summary));
  return { summary, lines: out, tallies };
}

module.exports = { writeSyntheticRun };
