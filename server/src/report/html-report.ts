// A self-contained HTML report of one run: the figures with intervals, the pass@k curve and the success
// histogram as inline SVG, and the problems sorted hardest first with their answer distributions. No script,
// no stylesheet link, no font or image fetch: the file can be mailed, archived or shown in a locked webview.
import type { RunSummary } from '../runs/run-summary';
import { ci, escapeXml as e, pct, summaryKs } from './format';
import { provenanceLine, STALE_WARNING } from './provenance';
import { passAtKCurveSvg, successHistogramSvg } from './svg-charts';

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px;color:#1f2328;max-width:1100px}
table{border-collapse:collapse;margin:8px 0 20px}td,th{border:1px solid #d0d7de;padding:4px 8px;text-align:right}
th{background:#f6f8fa}td.l,th.l{text-align:left}.bad{color:#cf222e}.ok{color:#1a7f37}.muted{color:#656d76}
figure{display:inline-block;margin:0 16px 16px 0}code{background:#f6f8fa;padding:1px 4px}`;

/** The report as one HTML document; `maxProblems` bounds the problem table for very large runs. */
export function renderHtmlReport(s: RunSummary, opts: { maxProblems?: number; generated?: string; stale?: boolean } = {}): string {
  const ks = summaryKs(s);
  const figures = ks.map((k) => {
    const key = String(k);
    return `<tr><td>${k}</td><td>${pct(s.passAtK[key], 2)}</td><td class="muted">${ci(s.ci.passAtK[key])}</td><td>${pct(s.majAtK[key], 2)}</td><td class="muted">${ci(s.ci.majAtK[key])}</td></tr>`;
  });
  const expect = s.expect.map((x) => `<li class="${x.passed ? 'ok' : 'bad'}">${e(x.metric)} ≥ ${x.threshold}: ${x.passed ? 'met' : 'NOT met'} (${pct(x.actual, 2)})</li>`);
  const limit = opts.maxProblems ?? 2000;
  const rows = [...s.perProblem]
    .sort((a, b) => a.correct / Math.max(1, a.n) - b.correct / Math.max(1, b.n) || a.problem.localeCompare(b.problem, undefined, { numeric: true }))
    .slice(0, limit)
    .map((p) => {
      const answers = p.answers.map((a) => `<span class="${a.correct ? 'ok' : 'bad'}">${e(a.answer)}</span>×${a.count}`).join(', ');
      return `<tr><td class="l">${e(p.problem)}</td><td>${p.n}</td><td>${p.correct}</td><td>${pct(p.n ? p.correct / p.n : null)}</td>` +
        `<td class="l"><code>${e(p.gold)}</code></td><td class="l">${answers}${p.unanswered ? ` <span class="muted">(${p.unanswered} unanswered)</span>` : ''}</td>` +
        `<td>${p.unstable ? '⚠' : ''}</td></tr>`;
    });
  const more = s.perProblem.length > limit ? `<p class="muted">${s.perProblem.length - limit} more problems are in summary.json.</p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>passk report — ${e(s.entry)}</title><style>${STYLE}</style></head><body>
<h1>passk report — ${e(s.entry)}</h1>
${opts.stale ? `<p class="bad"><b>${e(STALE_WARNING)}</b></p>\n` : ''}<p class="muted" id="provenance">${e(provenanceLine(s))}</p>
<p>Model <b>${e(s.config.model.name)}</b> (<code>${e(s.config.model.model)}</code>, ${e(s.config.model.api)}) on dataset <b>${e(s.config.dataset.name)}</b>:
${s.problems} problems × ${s.samplesPerProblem} samples, temperature ${s.config.params.temperature}${s.config.params.seed !== undefined ? `, seed ${s.config.params.seed}` : ''}.
${s.complete ? '<span class="ok">Complete.</span>' : `<span class="bad">Incomplete: ${s.missing} samples missing.</span>`}
<span class="muted">Fingerprint ${e(s.fingerprint.slice(0, 12))}, updated ${e(s.updated)}${opts.generated ? `, report generated ${e(opts.generated)}` : ''}.</span></p>
<table><tr><th>k</th><th>pass@k</th><th>${Math.round(s.ci.level * 100)}% CI</th><th>maj@k</th><th>${Math.round(s.ci.level * 100)}% CI</th></tr>${figures.join('')}</table>
<p>Latent accuracy (pass@n − pass@1): <b>${pct(s.instability.latent, 2)}</b>; unstable problems (solved at least once, pass@1 below one half): <b>${s.instability.unstable}</b>.</p>
${expect.length ? `<ul>${expect.join('')}</ul>` : ''}
<figure>${passAtKCurveSvg(s)}<figcaption>pass@k (unbiased estimator) and exact maj@k.</figcaption></figure>
<figure>${successHistogramSvg(s)}<figcaption>How many problems are solved never, sometimes, always.</figcaption></figure>
<h2>Problems, hardest first</h2>
<table><tr><th class="l">problem</th><th>n</th><th>correct</th><th>pass@1</th><th class="l">gold</th><th class="l">answers (most frequent first)</th><th>unstable</th></tr>${rows.join('\n')}</table>${more}
</body></html>
`;
}
