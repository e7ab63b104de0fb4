// Renders a prompt template with nunjucks (autoescape off: prompts are plain text, not HTML). An undefined
// variable is a problem, not an empty string, because a silently empty `{{ question }}` would send a useless
// prompt to every sample of a run.
import * as nunjucks from 'nunjucks';
import type { Problem, Result } from '../core/problem';
import { analyzeTemplate } from './analyze-template';

// One shared environment: creating one per render would cost more than rendering small prompts.
const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/**
 * Renders `source` with `vars`. Syntax errors and reads of variables that `vars` does not define (roots, and
 * literal members of plain objects such as `seed.answer`) are reported as problems with template offsets;
 * the value is then the empty string. Never throws.
 */
export function renderTemplate(source: string, vars: object): Result<string> {
  const analysis = analyzeTemplate(source);
  if (analysis.problems.length) return { value: '', problems: analysis.problems };
  const record = vars as Record<string, unknown>;
  const problems: Problem[] = [];
  for (const v of analysis.value.variables) {
    const parts = v.path.split('.');
    let cur: unknown = record;
    let known = '';
    for (const p of parts) {
      // Members of non-objects (e.g. `question.length`) are left to nunjucks; only missing keys of plain
      // objects are certain mistakes.
      if (!isPlainObject(cur)) break;
      if (!(p in cur)) {
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
  try {
    return { value: env.renderString(source, record), problems: [] };
  } catch (e) {
    const message = e instanceof Error ? e.message.replace(/^\(unknown path\)\s*/, '').trim() : String(e);
    return {
      value: '',
      problems: [{ code: 'template/render', severity: 'error', message: `The template cannot be rendered: ${message}` }],
    };
  }
}
