// Renders a prompt template (plain text: no HTML escaping). nunjucks parses it; our own interpreter renders it
// (interpret-template.ts), because nunjucks' compiled JavaScript is not a sandbox and a recipe's template
// could otherwise run code in the CLI or the language server. An undefined variable is a problem, not an
// empty string, because a silently empty `{{ question }}` would send a useless prompt to every sample of a run.
import type { Problem, Result } from '../problems/problem';
import { analyzeTemplate } from './analyze-template';
import { interpretTemplate } from './interpret-template';
import { parseTemplate } from './nunjucks-ast';
import type { BudgetLimits } from './render-budget';
import { RenderError } from './template-values';

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function lineStarts(s: string): number[] {
  const starts = [0];
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/**
 * Renders `source` with `vars`. Syntax errors, refused constructs (`template/unsafe`) and reads of variables
 * that `vars` does not define (roots, and literal members of plain objects such as `seed.answer`) are reported
 * as problems with template offsets before anything is evaluated; failures while rendering are
 * `template/render`, and a template that loops or grows too much is `template/budget`. The value is then the
 * empty string. Never throws.
 */
export function renderTemplate(source: string, vars: object, limits?: BudgetLimits): Result<string> {
  const analysis = analyzeTemplate(source);
  if (analysis.problems.length) return { value: '', problems: analysis.problems };
  const record = vars as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const v of analysis.value.variables) {
    const parts = v.path.split('.');
    let cur: unknown = record;
    let known = '';
    for (const p of parts) {
      // Members of non-objects (e.g. `question.length`) are left to the renderer; only missing keys of plain
      // objects are certain mistakes.
      if (!isPlainObject(cur)) break;
      if (!Object.prototype.hasOwnProperty.call(cur, p)) {
        problems.push({
          code: 'template/undefined-variable',
          severity: 'error',
          message: `The template reads "${known ? `${known}.${p}` : p}", which is not defined when rendering.`,
          span: v.templateSpan,
          data: { variable: known ? `${known}.${p}` : p },
        });
        break;
      }
      cur = cur[p];
      known = known ? `${known}.${p}` : p;
    }
  }
  if (problems.length) return { value: '', problems };
  // Parsed once per source (the analysis above shares the cache), then walked with these variables.
  const { ast, error } = parseTemplate(source);
  if (!ast) return { value: '', problems: [{ code: 'template/syntax', severity: 'error', message: `Template syntax error: ${error?.message ?? 'the template cannot be parsed'}` }] };
  try {
    return { value: interpretTemplate(ast, record, limits), problems: [] };
  } catch (e) {
    const err = e instanceof RenderError ? e : new RenderError(String(e));
    const problem: Problem = {
      code: err.code,
      severity: 'error',
      message: err.code === 'template/render' ? `The template cannot be rendered: ${err.message}` : err.message,
    };
    if (err.lineno !== undefined && err.colno !== undefined) {
      const starts = lineStarts(source);
      const at = Math.min(source.length, (starts[Math.min(err.lineno, starts.length - 1)] ?? 0) + (err.colno ?? 0));
      problem.span = { start: at, end: Math.min(source.length, at + 1) };
    }
    return { value: '', problems: [problem] };
  }
}
