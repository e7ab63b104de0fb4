// A typed view of nunjucks' parser, which the package exports but its type definitions leave as `any`. Only
// the parser is used: templates are rendered by our own interpreter over this AST (interpret-template.ts),
// never by nunjucks' compiler, whose generated JavaScript lets a template reach `Function`.
import * as nunjucks from 'nunjucks';

export interface NjNode {
  typename: string;
  /** 0-based line and column of the token that started the node. */
  lineno: number;
  colno: number;
  fields: string[];
  value?: unknown;
  [field: string]: unknown;
}

export interface NjError {
  message: string;
  /** 1-based when present; absent when the error is at the end of the template. */
  lineno?: number;
  colno?: number;
}

interface ParserModule {
  parse(src: string, extensions?: unknown[], opts?: unknown): NjNode;
}

const parser = (nunjucks as unknown as { parser: ParserModule }).parser;

// A run renders one prompt for every dataset row, and each render analyses then walks the template, so the
// last parses are kept (keyed by source; nothing mutates an AST once parsed). Small, because the editor
// parses a new source on every keystroke.
const CACHE_SIZE = 64;
const cache = new Map<string, { ast?: NjNode; error?: NjError }>();

/** Parses a template; returns the AST or the parse error (never throws). The AST must not be modified. */
export function parseTemplate(source: string): { ast?: NjNode; error?: NjError } {
  const hit = cache.get(source);
  if (hit) {
    cache.delete(source);
    cache.set(source, hit);
    return hit;
  }
  const result = parseUncached(source);
  cache.set(source, result);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  return result;
}

function parseUncached(source: string): { ast?: NjNode; error?: NjError } {
  try {
    return { ast: parser.parse(source) };
  } catch (e) {
    const err = e as { message?: unknown; lineno?: unknown; colno?: unknown };
    const out: NjError = { message: typeof err.message === 'string' ? err.message : String(e) };
    if (typeof err.lineno === 'number') out.lineno = err.lineno;
    if (typeof err.colno === 'number') out.colno = err.colno;
    return { error: out };
  }
}

export function isNode(x: unknown): x is NjNode {
  return typeof x === 'object' && x !== null && typeof (x as { typename?: unknown }).typename === 'string';
}

/** The child nodes of `node`, in field order (NodeList children included). */
export function children(node: NjNode): NjNode[] {
  const out: NjNode[] = [];
  for (const f of node.fields) {
    const c = node[f];
    if (Array.isArray(c)) for (const x of c) if (isNode(x)) out.push(x);
    if (isNode(c)) out.push(c);
  }
  return out;
}
