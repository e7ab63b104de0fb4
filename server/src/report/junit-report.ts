// JUnit XML for CI dashboards: one test case per problem (failed when no sample solved it) and one per
// `expect` threshold (failed when the run falls below it), in one suite named after the evaluation. The
// suite's properties carry the provenance of the figures and whether the recipe changed since (stale).
import type { RunSummary } from '../runs/run-summary';
import { escapeXml as e, pct } from './format';
import { provenanceOf } from './provenance';
import type { ReportOptions } from './summary-table';

function properties(s: RunSummary, opts: ReportOptions): string {
  const props: [string, string][] = [...Object.entries(provenanceOf(s)).map(([k, v]) => [`passk.${k}`, String(v)] as [string, string]), ['passk.stale', String(opts.stale === true)]];
  return `    <properties>\n${props.map(([k, v]) => `      <property name="${e(k)}" value="${e(v)}"/>`).join('\n')}\n    </properties>`;
}

export function renderJUnit(s: RunSummary, opts: ReportOptions = {}): string {
  const cases: string[] = [];
  let failures = 0;
  const cls = e(`passk.${s.entry}`);
  for (const p of s.perProblem) {
    const name = e(`problem ${p.problem}`);
    if (p.n > 0 && p.correct > 0) {
      cases.push(`    <testcase classname="${cls}" name="${name}"><system-out>${p.correct}/${p.n} samples correct (pass@1 ${pct(p.correct / p.n)})</system-out></testcase>`);
      continue;
    }
    failures++;
    const why = p.n === 0 ? 'no samples were collected' : `never solved in ${p.n} samples; gold ${p.gold}, most frequent answer ${p.answers[0]?.answer ?? 'none'}`;
    cases.push(`    <testcase classname="${cls}" name="${name}"><failure message="${e(why)}" type="unsolved"/></testcase>`);
  }
  for (const x of s.expect) {
    const name = e(`expect ${x.metric} >= ${x.threshold}`);
    if (x.passed) cases.push(`    <testcase classname="${cls}" name="${name}"/>`);
    else {
      failures++;
      cases.push(`    <testcase classname="${cls}" name="${name}"><failure message="${e(`${x.metric} is ${pct(x.actual, 2)}, below ${x.threshold}`)}" type="threshold"/></testcase>`);
    }
  }
  return `<?xml version="1.0" encoding="UTF-8"?>
<testsuites tests="${cases.length}" failures="${failures}">
  <testsuite name="${e(s.entry)}" tests="${cases.length}" failures="${failures}" errors="0" skipped="0" timestamp="${e(s.updated)}">
${properties(s, opts)}
${cases.join('\n')}
  </testsuite>
</testsuites>
`;
}
