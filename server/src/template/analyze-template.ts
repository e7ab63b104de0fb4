// Static analysis of one prompt template: which variables it reads (with their recipe spans), template syntax
// errors at their exact place, constructs templates may not use (`template/unsafe`, check-template-safety.ts),
// and reads of variables the context does not provide: a silently empty `{{ questoin }}` would send a useless
// prompt to every sample. Uses nunjucks' own parser, which is also what the renderer walks.
import type { Problem, Result, Span } from '../problems/problem';
import { didYouMean } from '../text/did-you-mean';
import type { TemplateSource } from '../recipe/model';
import { checkTemplateSafety } from './check-template-safety';
import { children, parseTemplate, type NjNode } from './nunjucks-ast';
import { isForbiddenMember } from './template-values';
import { docSpan, plainTemplateSource } from './template-source';

export interface TemplateVariable {
  /** The root name, e.g. `seed`. */
  name: string;
  /** The dotted path read, e.g. `seed.question` (just the root when there is no literal member access). */
  path: string;
  /** Recipe span of the whole path (a template span when analysing a plain string). */
  span: Span;
  /** Span inside the template source. */
  templateSpan: Span;
}

export interface TemplateAnalysis {
  variables: TemplateVariable[];
  /** True when the template parsed; false means `variables` is empty because of a syntax error. */
  parsed: boolean;
}

// Names nunjucks provides itself; reading them is never an undefined variable.
const NUNJUCKS_GLOBALS = new Set(['range', 'cycler', 'joiner', 'loop', 'caller', 'super', 'true', 'false', 'none', 'True', 'False', 'None', 'null']);

function lineStarts(s: string): number[] {
  const starts = [0];
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}

/** Collects variable reads, and names the template binds itself (set, for, macro arguments). */
function walk(root: NjNode, reads: { node: NjNode; path: string[] }[], bound: Set<string>): void {
  const stack: NjNode[] = [root];
  // An explicit stack keeps deeply nested templates from overflowing the call stack.
  while (stack.length) {
    const node = stack.pop()!;
    switch (node.typename) {
      case 'Symbol':
        reads.push({ node, path: [String(node.value)] });
        continue;
      case 'LookupVal': {
        // `a.b.c` is LookupVal(LookupVal(Symbol a, 'b'), 'c'): unwind to the root to report the full path.
        const path: string[] = [];
        let cur: NjNode = node;
        while (cur.typename === 'LookupVal') {
          const val = cur['val'] as NjNode | undefined;
          if (val && val.typename === 'Literal' && typeof val.value === 'string') path.unshift(val.value);
          else {
            path.length = 0;
            if (val) stack.push(val);
          }
          cur = cur['target'] as NjNode;
        }
        if (cur.typename === 'Symbol') reads.push({ node: cur, path: [String(cur.value), ...path] });
        else stack.push(cur);
        continue;
      }
      case 'Filter':
      case 'FilterAsync': {
        // The filter's name is a Symbol but not a variable; only its arguments are read.
        const args = node['args'] as NjNode | undefined;
        if (args) stack.push(args);
        continue;
      }
      case 'Set':
        for (const t of (node['targets'] as NjNode[] | undefined) ?? []) if (t.typename === 'Symbol') bound.add(String(t.value));
        for (const f of ['value', 'body']) {
          const c = node[f];
          if (c && typeof c === 'object') stack.push(c as NjNode);
        }
        continue;
      case 'For':
      case 'AsyncEach':
      case 'AsyncAll': {
        const name = node['name'] as NjNode | undefined;
        if (name) for (const s of name.typename === 'Symbol' ? [name] : children(name)) bound.add(String(s.value));
        for (const f of ['arr', 'body', 'else_']) {
          const c = node[f];
          if (c && typeof c === 'object') stack.push(c as NjNode);
        }
        continue;
      }
      case 'Macro':
      case 'Caller': {
        const args = node['args'] as NjNode | undefined;
        if (args) for (const a of children(args)) {
          if (a.typename === 'Symbol') bound.add(String(a.value));
          else if (a.typename === 'KeywordArgs') for (const p of children(a)) {
            const key = p['key'] as NjNode | undefined;
            if (key) bound.add(String(key.value));
          }
        }
        const name = node['name'] as NjNode | undefined;
        if (name && name.typename === 'Symbol') bound.add(String(name.value));
        const body = node['body'];
        if (body && typeof body === 'object') stack.push(body as NjNode);
        continue;
      }
      case 'Is': {
        // `x is divisibleby(3)`: the test's name is not a variable; its arguments are read.
        const left = node['left'] as NjNode | undefined;
        const right = node['right'] as NjNode | undefined;
        if (left) stack.push(left);
        const args = right?.typename === 'FunCall' ? (right['args'] as NjNode | undefined) : undefined;
        if (args) stack.push(args);
        continue;
      }
      case 'Dict':
      case 'KeywordArgs':
        // Keyword argument names are parameter names of the callee, and `{a: 1}` keys are names, not reads.
        for (const p of children(node)) {
          const v = p['value'];
          if (v && typeof v === 'object') stack.push(v as NjNode);
        }
        continue;
      default:
        for (const c of children(node)) stack.push(c);
    }
  }
}

const allowedCache = new WeakMap<readonly string[], { roots: Set<string>; members: Map<string, Set<string>> }>();

function allowedRoots(allowed: readonly string[]): { roots: Set<string>; members: Map<string, Set<string>> } {
  const hit = allowedCache.get(allowed);
  if (hit) return hit;
  const computed = computeAllowedRoots(allowed);
  allowedCache.set(allowed, computed);
  return computed;
}

function computeAllowedRoots(allowed: readonly string[]): { roots: Set<string>; members: Map<string, Set<string>> } {
  const roots = new Set<string>();
  const members = new Map<string, Set<string>>();
  for (const a of allowed) {
    const [root, member] = a.split('.', 2) as [string, string | undefined];
    roots.add(root);
    if (member !== undefined) {
      if (!members.has(root)) members.set(root, new Set());
      members.get(root)!.add(member);
    }
  }
  // A bare root in the list (e.g. `row`) allows any member, even if dotted entries name some members too.
  for (const a of allowed) if (!a.includes('.')) members.delete(a);
  return { roots, members };
}

const SIMPLE_OUTPUT = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)\s*\}\}/g;

/**
 * The reads of a template whose only tags are `{{ name }}` or `{{ a.b.c }}`, found without the nunjucks
 * parser (which costs far more than a regular expression, and recipes hold many such prompts); undefined when
 * the template has any other tag, which then goes through the real parser.
 */
function simpleReads(text: string): { start: number; path: string[] }[] | undefined {
  if (!text.includes('{')) return [];
  const reads: { start: number; path: string[] }[] = [];
  const rest = text.replace(SIMPLE_OUTPUT, (m, expr: string, at: number) => {
    reads.push({ start: at + m.indexOf(expr), path: expr.split('.').map((x) => x.trim()) });
    return '';
  });
  // Anything that could still open a tag (or a stray `}}`, which nunjucks would also accept) needs the parser,
  // and so does a path the safety check must refuse (`{{ question.constructor }}`, `{{ cycler }}`).
  if (reads.some((r) => r.path[0] === 'cycler' || r.path[0] === 'joiner' || r.path.slice(1).some(isForbiddenMember))) return undefined;
  return /\{[{%#]|\}\}|%\}|#\}/.test(rest) ? undefined : reads;
}

/**
 * Analyses `src` (a TemplateSource from the recipe, or a bare string). With `allowed` (e.g. `['question', 'id',
 * 'row']` or `['seed.question', 'seed.answer', 'seed.row']`), every read of another root, or of an unlisted
 * member of a root given with dotted entries, is a `template/undefined-variable` error. Without `allowed`,
 * only syntax is checked.
 */
export function analyzeTemplate(src: TemplateSource | string, allowed?: readonly string[]): Result<TemplateAnalysis> {
  const ts = typeof src === 'string' ? plainTemplateSource(src) : src;
  const problems: Problem[] = [];
  const text = ts.source;
  const starts = lineStarts(text);
  const toOffset = (line: number, col: number) => Math.min(text.length, (starts[Math.min(line, starts.length - 1)] ?? 0) + col);
  const simple = simpleReads(text);
  const { ast, error } = simple ? { ast: undefined, error: undefined } : parseTemplate(text);
  if (!ast && !simple) {
    let at = text.length;
    if (error?.lineno !== undefined && error.colno !== undefined) at = toOffset(error.lineno - 1, error.colno - 1);
    let end = at;
    while (end < text.length && end - at < 40 && !/\s/.test(text[end]!)) end++;
    const span = end > at ? docSpan(ts, at, end) : at > 0 ? docSpan(ts, at - 1, at) : docSpan(ts, 0, Math.min(1, text.length));
    problems.push({
      code: 'template/syntax',
      severity: 'error',
      message: `Template syntax error: ${error?.message.trim() || 'the template cannot be parsed'}.`.replace(/\.\.$/, '.'),
      span,
    });
    return { value: { variables: [], parsed: false }, problems };
  }
  const reads: { start: number; path: string[] }[] = simple ?? [];
  const bound = new Set<string>();
  if (ast) {
    for (const issue of checkTemplateSafety(ast, text, toOffset)) {
      problems.push({ code: 'template/unsafe', severity: 'error', message: issue.message, span: docSpan(ts, issue.templateSpan.start, issue.templateSpan.end) });
    }
    const found: { node: NjNode; path: string[] }[] = [];
    walk(ast, found, bound);
    for (const r of found) reads.push({ start: toOffset(r.node.lineno, r.node.colno), path: r.path });
  }
  const variables: TemplateVariable[] = [];
  for (const r of reads) {
    const name = r.path[0]!;
    if (bound.has(name) || NUNJUCKS_GLOBALS.has(name)) continue;
    const start = r.start;
    // The path's text length is recovered from the source: `seed.question` or `seed . question` both work.
    let end = start + name.length;
    for (const m of r.path.slice(1)) {
      const idx = text.indexOf(m, end);
      if (idx < 0 || !/^[\s.]*$/.test(text.slice(end, idx))) break;
      end = idx + m.length;
    }
    const templateSpan = { start, end };
    variables.push({ name, path: r.path.join('.'), span: docSpan(ts, start, end), templateSpan });
  }
  variables.sort((a, b) => a.templateSpan.start - b.templateSpan.start);
  if (allowed) {
    const { roots, members } = allowedRoots(allowed);
    for (const v of variables) {
      const member = v.path.split('.')[1];
      if (!roots.has(v.name)) {
        const suggestion = didYouMean(v.name, roots);
        problems.push({
          code: 'template/undefined-variable',
          severity: 'error',
          message: `The template variable "${v.name}" is not defined here; available: ${[...roots].join(', ')}.${suggestion ? ` Did you mean "${suggestion}"?` : ''}`,
          span: docSpan(ts, v.templateSpan.start, v.templateSpan.start + v.name.length),
          data: { variable: v.name, ...(suggestion ? { suggestion } : {}) },
        });
      } else if (member !== undefined && members.has(v.name) && !members.get(v.name)!.has(member)) {
        const allowedMembers = [...members.get(v.name)!];
        const suggestion = didYouMean(member, allowedMembers);
        problems.push({
          code: 'template/undefined-variable',
          severity: 'error',
          message: `"${v.name}" has no field "${member}" here; available: ${allowedMembers.map((m) => `${v.name}.${m}`).join(', ')}.${suggestion ? ` Did you mean "${v.name}.${suggestion}"?` : ''}`,
          span: v.span,
          data: { variable: `${v.name}.${member}`, ...(suggestion ? { suggestion: `${v.name}.${suggestion}` } : {}) },
        });
      }
    }
  }
  return { value: { variables, parsed: true }, problems };
}
