// `passk report <recipe or run folder> [-e NAME] [--html FILE] [--junit FILE] [--json]`: the
// pass@k / maj@k table of a run, and optionally a self-contained HTML report and JUnit XML. Given a recipe it
// reports the entry's run that matches the recipe as it is now, else its newest run; given a run folder it
// reports that run, recomputing the summary from samples.jsonl when the run was interrupted before writing one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { datasetQuestions, latestRunFor, loadRun, problemSamples, runCounts, runIsCurrent, summarizeStoredRun, tallyStoredRun, type LoadedRun, type RunSummary } from '../eval';
import type { RecipeDoc } from '../recipe/model';
import { hardestFirst } from '../report/html-report';
import { problemViewOf, type ProblemView } from '../report/problem-view';
import { reportData } from '../report/report-data';
import type { ReportFigure } from '../report/report-data';
import { wholeCurve } from '../report/whole-curve';
import { hasErrors } from '../problems/problem';
import { RunViewCache } from '../insights/run-view-cache';
import { analyzeRecipe } from '../recipe/analyze';
import { readManifest } from '../runs/run-manifest';
import { provenanceOf, renderHtmlReport, renderJUnit, renderSummaryTable } from '../report';
import { scanRuns } from '../runs/find-runs';
import { writeFileAtomic } from '../runs/safe-fs';
import { seriesRuns } from '../eval/series-runs';
import { seriesData } from '../report/series-data';
import { renderSeriesHtml, renderSeriesTable } from '../report/series-report';
import { loadRecipe, printProblems, seriesJson } from './eval';
import { EXIT, type CliIO, type CommandSpec } from './io';

interface Loaded {
  run: LoadedRun;
  summary: RunSummary;
  /** The whole pass@k / maj@k curves from the samples, for the HTML report. */
  curve: () => ReportFigure[];
}

function summaryOf(io: CliIO, runDir: string, memo?: RunViewCache): Loaded | undefined {
  const loaded = loadRun(runDir, memo);
  const errors = loaded.problems.filter((p) => p.severity === 'error');
  printProblems(io, errors, runDir);
  // An invalid run file (a tampered summary.json, a link in the run folder) stops the report: nothing from it
  // is shown or written (docs/runs.md).
  const run = loaded.value;
  if (!run || errors.length) return undefined;
  // The curves read samples.jsonl, which only the HTML report needs; the table and JSON stay as cheap as before.
  const curve = () => wholeCurve(runCounts(run));
  if (run.summary) return { run, summary: run.summary, curve };
  const tallied = tallyStoredRun(run);
  const summary = summarizeStoredRun(run, runDir, tallied);
  printProblems(io, run.lineProblems, runDir);
  // Invalid lines are left out (warnings); samples.jsonl itself being unreadable (a link, a FIFO) is an error.
  return run.lineProblems.some((p) => p.severity === 'error') ? undefined : { run, summary, curve: () => wholeCurve(runCounts(run, tallied)) };
}

/**
 * Whether a run folder's recipe (the file its run.json names, in the folder that holds `.passk/eval/<run>`)
 * has changed since the run: other identities, a recipe with errors, or one without the entry. A recipe that is
 * not there cannot be compared with; the report says so and shows the run as it is.
 */
async function folderIsStale(io: CliIO, runDir: string): Promise<boolean> {
  const m = readManifest(runDir);
  if (!m) return false;
  const recipe = path.join(path.dirname(path.dirname(path.dirname(runDir))), path.basename(m.recipe));
  let text: string;
  try {
    text = fs.readFileSync(recipe, 'utf8');
  } catch {
    io.err(`passk report: the recipe of this run (${path.basename(m.recipe)}) is not beside its .passk folder; the run is shown without comparing it to a recipe\n`);
    return false;
  }
  const doc = analyzeRecipe(text, { file: recipe, env: io.env });
  const stale = hasErrors(doc.problems) || !(await runIsCurrent(doc.value, m.entry, { fingerprint: m.fingerprint, ...(m.figures ? { figures: m.figures } : {}) }));
  if (stale) io.err(`passk report: ${path.basename(recipe)} changed since this run (${path.basename(runDir)}); showing it anyway, marked stale\n`);
  return stale;
}

/**
 * Writes a report file the user named on the command line: theirs to place anywhere and to replace, but
 * written atomically (a link there is replaced, not written through), so a reader never sees half a report.
 */
function write(io: CliIO, file: string, text: string, what: string): boolean {
  const abs = path.resolve(io.cwd, file);
  try {
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    writeFileAtomic(abs, text, { replaceLink: true });
    io.err(`passk report: wrote ${what} to ${file}\n`);
    return true;
  } catch (e) {
    io.err(`passk report: cannot write ${file}: ${(e as Error).message}\n`);
    return false;
  }
}

/** Most problems, samples per problem and characters per sample the standalone report's sample browser holds. */
const BROWSER = { maxProblems: 200, maxSamples: 8, maxText: 2000 };

/** The sample browser of the HTML report: the hardest problems first, questions when the recipe is at hand. */
async function browserOf(loaded: Loaded, recipe: { doc: RecipeDoc; entry: string } | undefined): Promise<ProblemView> {
  const order = hardestFirst(reportData(loaded.summary).perProblem).slice(0, BROWSER.maxProblems).map((p) => p.id);
  const wanted = new Set(order);
  const samples = problemSamples(loaded.run, { only: wanted, maxSamples: BROWSER.maxSamples, maxProblems: BROWSER.maxProblems });
  const questions = recipe ? await datasetQuestions(recipe.doc, recipe.entry, wanted) : undefined;
  const golds = new Map(loaded.summary.perProblem.map((p) => [p.problem, p.gold] as const));
  return problemViewOf(loaded.summary.entry, order, samples, { ...(questions ? { questions } : {}), golds }, BROWSER);
}

export const reportCommand: CommandSpec = {
  name: 'report',
  summary: 'show a run: pass@k / maj@k with intervals; HTML report, JUnit XML',
  positionals: { usage: '<recipe|run-folder>', min: 1, max: 1 },
  flags: {
    entry: { type: 'string', short: 'e', value: 'NAME', help: 'the evaluate entry whose run to show (default: the first)' },
    html: { type: 'string', short: 'o', value: 'FILE', help: 'also write a self-contained HTML report' },
    junit: { type: 'string', value: 'FILE', help: 'also write JUnit XML (one test case per `expect`)' },
    json: { type: 'boolean', short: 'j', help: 'print the run summary as one JSON object' },
  },
  details: 'Given a recipe it shows the run matching the recipe as it is now, else the newest run of the entry; given a\nrun folder it shows that run, recomputing the summary from samples.jsonl when the run was interrupted.\nIntervals are the same seeded bootstrap as `passk eval` and `passk score`.',
  run: async ({ positionals, flags }, io) => {
    const target = path.resolve(io.cwd, positionals[0]!);
    let loaded: Loaded | undefined;
    // Stale: the recipe changed since the run. A run folder given directly is judged against its recipe when that
    // recipe is still beside its `.passk/` (docs/runs.md); without it there is nothing to compare with.
    let stale = false;
    let recipe: { doc: RecipeDoc; entry: string } | undefined;
    if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
      loaded = summaryOf(io, target);
      if (loaded) stale = await folderIsStale(io, target);
    } else {
      const doc = loadRecipe(io, positionals[0]!);
      if (!doc) return EXIT.usage;
      const entry = (flags.entry as string | undefined) ?? [...doc.evaluate.keys()][0];
      if (entry === undefined || !doc.evaluate.has(entry)) {
        io.err(`passk report: the recipe has no evaluation${entry ? ` named "${entry}"` : 's'}\n`);
        return 1;
      }
      if (doc.evaluate.get(entry)!.series) {
        // A series is reported as a whole: the chart and table of its checkpoints (docs/reports.md).
        const s = await seriesRuns(doc, entry);
        printProblems(io, s.problems, doc.file, doc.text);
        if (!s.value) return 1;
        const data = seriesData(s.value);
        io.out(flags.json ? JSON.stringify(seriesJson(s.value)) + '\n' : renderSeriesTable(data));
        return typeof flags.html === 'string' && !write(io, flags.html, renderSeriesHtml(data), 'the HTML report') ? 1 : 0;
      }
      // Finding the run reads its summary and opening it reads it again: one command-long cache reads it once.
      const memo = new RunViewCache();
      const run = await latestRunFor(doc, entry, memo);
      if (!run) {
        // A linked .passk/ or run folder, or an invalid run.json, is why no run shows: say so, naming the path.
        printProblems(io, scanRuns(doc.file, entry).problems, doc.file);
        io.err(`passk report: evaluation "${entry}" has no runs yet; start one with: passk eval ${positionals[0]} --entry ${entry}\n`);
        return 1;
      }
      recipe = { doc, entry };
      stale = !run.current;
      if (stale) io.err(`passk report: the recipe changed since this run (${path.basename(run.dir)}); showing it anyway, marked stale\n`);
      loaded = summaryOf(io, run.dir, memo);
    }
    if (!loaded) return 1;
    const { summary } = loaded;
    io.out(flags.json ? JSON.stringify({ ...summary, provenance: provenanceOf(summary), stale }) + '\n' : renderSummaryTable(summary, { stale }));
    let ok = true;
    if (typeof flags.html === 'string') ok = write(io, flags.html, renderHtmlReport(summary, { generated: new Date().toISOString(), stale, curve: loaded.curve(), browser: await browserOf(loaded, recipe) }), 'the HTML report') && ok;
    if (typeof flags.junit === 'string') ok = write(io, flags.junit, renderJUnit(summary, { stale }), 'JUnit XML') && ok;
    return ok ? 0 : 1;
  },
};
