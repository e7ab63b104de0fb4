// `passk/problem`: one problem of a run for the sample browser: its samples (bounded, like every view), and
// its question and gold answer from the recipe's dataset when the recipe is given. Never calls a model.
import { datasetQuestions, problemSamples } from '../../eval';
import type { ProblemParams, ProblemResult } from '../../protocol/requests';
import { problemViewOf } from '../../report/problem-view';
import type { RunInsights } from './run-insights';

const LIMITS = { maxSamples: 256, maxText: 8000 };

export async function problem(insights: RunInsights, raw: unknown): Promise<ProblemResult> {
  const p = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<ProblemParams>;
  if (typeof p.problem !== 'string' || p.problem === '') return { title: 'passk problem', problems: ['Name the problem to show.'] };
  const id = p.problem;
  const recipe = typeof p.uri === 'string' ? insights.recipe(p.uri) : undefined;
  const entry = typeof p.entry === 'string' && recipe?.doc.evaluate.has(p.entry) ? p.entry : undefined;
  let runDir = typeof p.runDir === 'string' ? p.runDir : undefined;
  if (!runDir && recipe && entry) runDir = (await insights.evalView(recipe.doc, entry))?.summary.runDir;
  if (!runDir) return { title: `passk problem ${id}`, problems: ['There is no run to show this problem from; run the evaluation first.'] };
  const loaded = insights.cache.loadRun(runDir);
  const run = loaded.value;
  if (!run) return { title: `passk problem ${id}`, problems: loaded.problems.map((x) => x.message) };
  const samples = problemSamples(run, { only: new Set([id]), maxSamples: LIMITS.maxSamples, maxProblems: 1 });
  const questions = recipe && entry ? await datasetQuestions(recipe.doc, entry, new Set([id])) : undefined;
  const golds = new Map((run.summary?.perProblem ?? []).filter((x) => x.problem === id).map((x) => [x.problem, x.gold] as const));
  const view = problemViewOf(run.manifest.entry, [id], samples, { ...(questions ? { questions } : {}), golds }, LIMITS);
  const problems = view.problems.length ? [] : [`The run has no samples of problem "${id}".`];
  return { title: `passk problem ${id} — ${run.manifest.entry}`, view: { kind: 'problem', problem: view }, problems };
}
