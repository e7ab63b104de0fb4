// JUnit XML for CI dashboards: one test case per problem (failed when no sample solved it) and one per
// `expect` threshold (failed when the run falls below it), in one suite named after the evaluation. The
// summary is read through ./report-data and every value, numbers included, is escaped. The suite's properties
// carry the provenance of the figures and whether the recipe changed since (stale).
import type { RunSummary } from '../runs/run-summary';
import { escapeMarkup as e } from '../text/escape-markup';
import { formatNumber, pct } from './format';
import { provenanceOf } from './provenance';
import { reportData } from './report-data';
import type { ReportOptions } from './summary-table';

function properties(s: RunSummary, opts: ReportOptions): string {
  const props: [string, string][] = [...Object.entries(provenanceOf(s)).map(([k, v]) => [`passk.${k}`, String(v)] as [string, string]), ['passk.stale', String(opts.stale === true)]];
  return `    <properties>\n${props.map(([k, v]) => `      <property name="${e(k)}" value="${e(v)}"/>`).join('\n')}\n    </properties>`;
}

export function renderJUnit(s: RunSummary, opts: ReportOptions = {}): string {
  const d = reportData(s);
  const cases: string[] = [];
  let failures = 0;
  const cls = e(`passk.${d.entry}`);
  const n = (v: number | null) => e(formatNumber(v));
  for (const p of d.perProblem) {
    const name = e(`problem ${p.id}`);
    if (p.n !== null && p.n > 0 && p.correct !== null && p.correct > 0) {
      cases.push(`    <testcase classname="${cls}" name="${name}"><system-out>${n(p.correct)}/${n(p.n)} samples correct (pass@1 ${e(pct(p.correct / p.n))})</system-out></testcase>`);
      continue;
    }
    failures++;
    const why = !p.n ? 'no samples were collected' : `never solved in ${formatNumber(p.n)} samples; gold ${p.gold}, most frequent answer ${p.answers[0]?.answer ?? 'none'}`;
    cases.push(`    <testcase classname="${cls}" name="${name}"><failure message="${e(why)}" type="unsolved"/></testcase>`);
  }
  for (const x of d.expect) {
    const name = e(`expect ${x.metric} >= ${formatNumber(x.threshold)}`);
    if (x.passed) cases.push(`    <testcase classname="${cls}" name="${name}"/>`);
    else {
      failures++;
      cases.push(`    <testcase classname="${cls}" name="${name}"><failure message="${e(`${x.metric} is ${pct(x.actual, 2)}, below ${formatNumber(x.threshold)}`)}" type="threshold"/></testcase>`);
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="${cases.length}" failures="${failures}">
  <testsuite name="${e(d.entry)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" timestamp="${e(d.updated)}">
${properties(s, opts)}
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}
