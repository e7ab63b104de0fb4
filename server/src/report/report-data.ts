// What the reports (HTML, text table, JUnit) show of a run, read from its summary without trusting it. summary.json is a file in the
// workspace, so any field may hold the wrong type (a string where a number belongs, null where an object
// belongs); reading goes through guards that turn such values into "missing" instead of throwing or passing
// them on, so the renderers only ever see strings, finite numbers and booleans. To show a new summary field,
// add it here with its guard, then render it in ./html-report (and ./summary-table).
import type { Interval } from '../stats';
import type { RunSummary } from '../runs/run-summary';

export interface ReportFigure {
  k: number;
  passAtK: number | null;
  passCi: Interval | null;
  majAtK: number | null;
  majCi: Interval | null;
}

export interface ReportAnswer {
  answer: string;
  count: number | null;
  correct: boolean;
}

export interface ReportProblem {
  id: string;
  /** Samples and correct samples; null when the stored value is not a number. */
  n: number | null;
  correct: number | null;
  gold: string;
  answers: ReportAnswer[];
  unanswered: number | null;
  unstable: boolean;
}

export interface ReportExpect {
  metric: string;
  threshold: number | null;
  actual: number | null;
  passed: boolean;
}

/** Tokens the stored samples used (from the responses' usage) and, with a `price`, what they cost. */
export interface ReportUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  /** Dollars; null when the run's model has no price (or the stored value is unreadable). */
  cost: number | null;
}

/** One value's row of a `groupBy` table: its problem count and the figures at the run's k values. */
export interface ReportGroupRow {
  value: string;
  problems: number | null;
  figures: ReportFigure[];
}

export interface ReportGroup {
  field: string;
  rows: ReportGroupRow[];
}

export interface ReportData {
  entry: string;
  runDir: string;
  model: { name: string; id: string; api: string };
  dataset: string;
  problems: number | null;
  samplesPerProblem: number | null;
  temperature: number | null;
  seed: number | null;
  complete: boolean;
  missing: number | null;
  fingerprint: string;
  updated: string;
  /** The confidence level of the intervals (0.95), null when unreadable. */
  ciLevel: number | null;
  figures: ReportFigure[];
  /** The whole curve (every k from 1 to n) when the run's samples were read; empty when only the summary was. */
  curve: ReportFigure[];
  latent: number | null;
  unstable: number | null;
  expect: ReportExpect[];
  perProblem: ReportProblem[];
  usage: ReportUsage;
  /** The `groupBy` breakdowns ([] without `groupBy`). */
  groups: ReportGroup[];
}

type Rec = Record<string, unknown>;

/** A value read as an object, or an empty one: run files are a stranger's, so no shape is assumed. */
export const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');
const numOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

function interval(v: unknown): Interval | null {
  const r = rec(v);
  const lo = numOrNull(r['lo']);
  const hi = numOrNull(r['hi']);
  return lo === null || hi === null ? null : { lo, hi };
}

/** The k values with figures: positive integers only, since the chart puts them on a log scale. */
function ks(passAtK: Rec): number[] {
  return Object.keys(passAtK)
    .map(Number)
    .filter((k) => Number.isInteger(k) && k > 0 && k <= 1e9)
    .sort((a, b) => a - b);
}

function problemOf(v: unknown): ReportProblem {
  const p = rec(v);
  return {
    id: str(p['problem']),
    n: numOrNull(p['n']),
    correct: numOrNull(p['correct']),
    gold: str(p['gold']),
    answers: list(p['answers']).map((a) => {
      const r = rec(a);
      return { answer: str(r['answer']), count: numOrNull(r['count']), correct: r['correct'] === true };
    }),
    unanswered: numOrNull(p['unanswered']),
    unstable: p['unstable'] === true,
  };
}

/** pass@k and maj@k with intervals at every k the figures hold, read with the guards above. */
function figuresOf(passAtK: Rec, majAtK: Rec, ci: Rec): ReportFigure[] {
  const passCi = rec(ci['passAtK']);
  const majCi = rec(ci['majAtK']);
  return ks(passAtK).map((k) => ({
    k,
    passAtK: numOrNull(passAtK[String(k)]),
    passCi: interval(passCi[String(k)]),
    majAtK: numOrNull(majAtK[String(k)]),
    majCi: interval(majCi[String(k)]),
  }));
}

function groupsOf(v: unknown): ReportGroup[] {
  return list(v).map((g) => {
    const t = rec(g);
    return {
      field: str(t['field']),
      rows: list(t['rows']).map((r) => {
        const row = rec(r);
        return { value: str(row['value']), problems: numOrNull(row['problems']), figures: figuresOf(rec(row['passAtK']), rec(row['majAtK']), rec(row['ci'])) };
      }),
    };
  });
}

export function reportData(summary: RunSummary, curve: readonly ReportFigure[] = []): ReportData {
  const s = rec(summary);
  const config = rec(s['config']);
  const model = rec(config['model']);
  const params = rec(config['params']);
  const ci = rec(s['ci']);
  const passAtK = rec(s['passAtK']);
  const majAtK = rec(s['majAtK']);
  const passCi = rec(ci['passAtK']);
  const majCi = rec(ci['majAtK']);
  const instability = rec(s['instability']);
  return {
    entry: str(s['entry']),
    runDir: str(s['runDir']),
    model: { name: str(model['name']), id: str(model['model']), api: str(model['api']) },
    dataset: str(rec(config['dataset'])['name']),
    problems: numOrNull(s['problems']),
    samplesPerProblem: numOrNull(s['samplesPerProblem']),
    temperature: numOrNull(params['temperature']),
    seed: numOrNull(params['seed']),
    complete: s['complete'] === true,
    missing: numOrNull(s['missing']),
    fingerprint: str(s['fingerprint']),
    updated: str(s['updated']),
    ciLevel: numOrNull(ci['level']),
    figures: ks(passAtK).map((k) => ({
      k,
      passAtK: numOrNull(passAtK[String(k)]),
      passCi: interval(passCi[String(k)]),
      majAtK: numOrNull(majAtK[String(k)]),
      majCi: interval(majCi[String(k)]),
    })),
    curve: curve.map((f) => ({ k: f.k, passAtK: numOrNull(f.passAtK), passCi: interval(f.passCi), majAtK: numOrNull(f.majAtK), majCi: interval(f.majCi) })),
    // Without pass@1 (no sample arrived) the statistics core's latent 0 describes no sample: it is shown as missing.
    latent: numOrNull(passAtK['1']) === null ? null : numOrNull(instability['latent']),
    unstable: numOrNull(instability['unstable']),
    expect: list(s['expect']).map((x) => {
      const r = rec(x);
      return { metric: str(r['metric']), threshold: numOrNull(r['threshold']), actual: numOrNull(r['actual']), passed: r['passed'] === true };
    }),
    perProblem: list(s['perProblem']).map(problemOf),
    usage: {
      promptTokens: numOrNull(rec(s['tokens'])['prompt']),
      completionTokens: numOrNull(rec(s['tokens'])['completion']),
      cost: numOrNull(rec(s['cost'])['spent']),
    },
    groups: groupsOf(s['groups']),
  };
}
