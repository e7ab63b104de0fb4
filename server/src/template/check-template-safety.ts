// Refuses, before anything runs, every template construct that could reach code the product did not hand the
// template on purpose: statements that load other templates or run extensions (include, import, extends,
// block, custom tags), calls of anything but `range`, `caller`, `loop.cycle` and macros the template defines,
// filters and tests outside the allow-lists, and member names such as `constructor` or `__proto__`. Each
// refusal is a `template/unsafe` error at the exact construct, so `passk check` and the editor show it while
// the recipe is written; the renderer (interpret-template.ts) enforces the same rules again at run time for
// what only shows then (a computed `x[name]`). Why: prompts come from recipes, which may come from anyone.
import type { Span } from '../problems/problem';
import { children, type NjNode } from './nunjucks-ast';
import { FILTER_NAMES } from './template-filters';
import { TEST_NAMES } from './template-tests';
import { isForbiddenMember } from './template-values';

export interface SafetyIssue {
  message: string;
  /** Span in the template text. */
  templateSpan: Span;
}

const SUPPORTED = new Set([
  'Root', 'NodeList', 'Output', 'TemplateData', 'If', 'For', 'Set', 'Macro', 'Caller', 'Switch', 'Case', 'Literal',
  'Symbol', 'Group', 'Array', 'Dict', 'Pair', 'KeywordArgs', 'LookupVal', 'InlineIf', 'In', 'Is', 'Or', 'And', 'Not',
  'Neg', 'Pos', 'Add', 'Concat', 'Sub', 'Mul', 'Div', 'Mod', 'FloorDiv', 'Pow', 'Compare', 'CompareOperand',
  'FunCall', 'Filter', 'Capture',
]);

const REFUSED_STATEMENTS: Record<string, string> = {
  Include: '{% include %} is not supported: a prompt template cannot load other files.',
  Import: '{% import %} is not supported: a prompt template cannot load other files.',
  FromImport: '{% from … import %} is not supported: a prompt template cannot load other files.',
  Extends: '{% extends %} is not supported: a prompt template cannot load other files.',
  Block: '{% block %} is not supported: prompt templates do not inherit from each other.',
  Super: 'super() is not supported: prompt templates do not inherit from each other.',
  CallExtension: 'Custom tags are not supported in prompt templates.',
  CallExtensionAsync: 'Custom tags are not supported in prompt templates.',
  FilterAsync: 'Asynchronous filters are not supported in prompt templates.',
  AsyncEach: '{% asyncEach %} is not supported in prompt templates; use {% for %}.',
  AsyncAll: '{% asyncAll %} is not supported in prompt templates; use {% for %}.',
  IfAsync: '{% ifAsync %} is not supported in prompt templates; use {% if %}.',
};

// Globals nunjucks has and we do not provide: their constructors lead straight to `Function`.
const REFUSED_GLOBALS = new Set(['cycler', 'joiner']);

/** The names the template defines as macros anywhere (callable by name), and every name it binds. */
function definitions(root: NjNode): { macros: Set<string>; bound: Set<string> } {
  const macros = new Set<string>();
  const bound = new Set<string>();
  for (const node of allNodes(root)) {
    if (node.typename === 'Macro') {
      const name = String((node['name'] as NjNode | undefined)?.value ?? '');
      macros.add(name);
      bound.add(name);
    }
    if (node.typename === 'Set') for (const t of (node['targets'] as NjNode[] | undefined) ?? []) bound.add(String(t.value));
    if (node.typename === 'For') {
      const name = node['name'] as NjNode | undefined;
      if (name) for (const s of name.typename === 'Symbol' ? [name] : children(name)) bound.add(String(s.value));
    }
  }
  return { macros, bound };
}

/** Every node, including a block `set`'s body, which nunjucks keeps outside the node's field list. */
function allNodes(root: NjNode): NjNode[] {
  const out: NjNode[] = [];
  const stack = [root];
  while (stack.length) {
    const node = stack.pop()!;
    out.push(node);
    const kids = children(node);
    const body = node['body'];
    if (node.typename === 'Set' && body && typeof body === 'object') kids.push(body as NjNode);
    for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i]!);
  }
  return out;
}

/** The source extent of the token at `at`: a quoted string, a name, or one character. */
function tokenSpan(text: string, at: number): Span {
  const q = text[at];
  if (q === '"' || q === "'") {
    let i = at + 1;
    while (i < text.length && text[i] !== q) i += text[i] === '\\' ? 2 : 1;
    return { start: at, end: Math.min(text.length, i + 1) };
  }
  let end = at;
  while (end < text.length && /[A-Za-z0-9_$]/.test(text[end]!)) end++;
  return { start: at, end: Math.max(end, Math.min(text.length, at + 1)) };
}

/**
 * The unsafe or unsupported constructs of a parsed template, in source order. `toOffset` turns nunjucks'
 * 0-based line and column into a template offset.
 */
export function checkTemplateSafety(ast: NjNode, text: string, toOffset: (line: number, col: number) => number): SafetyIssue[] {
  const issues: SafetyIssue[] = [];
  const at = (node: NjNode) => tokenSpan(text, toOffset(node.lineno, node.colno));
  const { macros, bound } = definitions(ast);
  // The right side of `is` names a test and is checked as one, not as a call.
  const testNodes = new Set<NjNode>();
  for (const node of allNodes(ast)) {
    const t = node.typename;
    if (!SUPPORTED.has(t)) {
      issues.push({ message: REFUSED_STATEMENTS[t] ?? `This construct (${t}) is not supported in prompt templates.`, templateSpan: at(node) });
      continue;
    }
    if (t === 'LookupVal') {
      const val = node['val'] as NjNode | undefined;
      if (val && val.typename === 'Literal' && typeof val.value === 'string' && isForbiddenMember(val.value)) {
        issues.push({ message: `The member "${val.value}" cannot be read in a template: it leads to JavaScript internals, not to data.`, templateSpan: at(val) });
      }
    } else if (t === 'Pair') {
      const key = node['key'] as NjNode | undefined;
      // `{% call %}` passes its body as the keyword argument `caller`, which is fine.
      const isCallBlock = (node['value'] as NjNode | undefined)?.typename === 'Caller';
      if (key && typeof key.value === 'string' && isForbiddenMember(key.value) && !isCallBlock) {
        issues.push({ message: `"${key.value}" cannot be used as a key in a template.`, templateSpan: at(key) });
      }
    } else if (t === 'Symbol') {
      const name = String(node.value);
      // In nunjucks a bare `constructor` or `toString` resolved on the context object's prototype.
      if (isForbiddenMember(name) && name !== 'caller' && !bound.has(name)) {
        issues.push({ message: `"${name}" cannot be read in a template: it names JavaScript internals, not data.`, templateSpan: at(node) });
      } else if (REFUSED_GLOBALS.has(name) && !bound.has(name)) {
        issues.push({ message: `${name}() is not available in prompt templates; use loop.cycle(…) or loop.first / loop.last instead.`, templateSpan: at(node) });
      }
    } else if (t === 'Filter') {
      const name = String((node['name'] as NjNode).value);
      if (!FILTER_NAMES.has(name)) {
        issues.push({ message: `The filter "${name}" is not available in prompt templates; available: ${[...FILTER_NAMES].sort().join(', ')}.`, templateSpan: at(node['name'] as NjNode) });
      }
    } else if (t === 'Is') {
      const right = node['right'] as NjNode;
      const callee = right['name'] as NjNode | undefined;
      const name = callee ? String(callee.value) : String(right.value);
      if (right.typename === 'FunCall') testNodes.add(right);
      if (!TEST_NAMES.has(name)) {
        issues.push({ message: `The test "${name}" is not available in prompt templates; available: ${[...TEST_NAMES].sort().join(', ')}.`, templateSpan: at(callee ?? right) });
      }
    } else if (t === 'FunCall' && !testNodes.has(node)) {
      const callee = node['name'] as NjNode;
      const name = callee.typename === 'Symbol' ? String(callee.value) : undefined;
      const val = callee.typename === 'LookupVal' ? (callee['val'] as NjNode) : undefined;
      const target = callee.typename === 'LookupVal' ? (callee['target'] as NjNode) : undefined;
      const isCycle = target?.typename === 'Symbol' && target.value === 'loop' && val?.typename === 'Literal' && val.value === 'cycle';
      const ok = isCycle || (name !== undefined && (name === 'range' || name === 'caller' || macros.has(name)));
      if (!ok) {
        issues.push({
          message: `${name !== undefined ? `"${name}"` : 'This expression'} cannot be called: templates may call only range(), loop.cycle(), caller() and macros they define.`,
          templateSpan: at(val ?? callee),
        });
      }
    }
  }
  return issues.sort((a, b) => a.templateSpan.start - b.templateSpan.start);
}
