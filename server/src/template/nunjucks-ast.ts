// A typed view of nunjucks' parser, which the package exports but its type definitions leave as `any`. The
// parser is the real one nunjucks renders with, so a template that passes here is a template that renders.
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

/** Parses a template; returns the AST or the parse error (never throws). */
export function parseTemplate(source: string): { ast?: NjNode; error?: NjError } {
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
