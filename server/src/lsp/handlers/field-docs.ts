// Field documentation from the recipe field table (the same table that drives validation and the JSON
// Schema), rendered for hovers and completion items.
import type { Span } from '../../problems/problem';
import { fieldKey, locate, type FieldSpec } from '../../recipe';
import type { Analysis } from '../session';
import { lazyTreeOf } from '../yaml-cache';

/** Markdown for one field: its key, accepted types, default and allowed values, then its docs. */
export function fieldMarkdown(spec: FieldSpec): string {
  const facts: string[] = [spec.types.join(' | ')];
  if (spec.required) facts.push('required');
  if (spec.default !== undefined) facts.push(`default \`${JSON.stringify(spec.default)}\``);
  if (spec.enum) facts.push(`one of ${[...spec.enum, ...(spec.enumPrefixes ?? []).map((p) => `${p}…`)].map((v) => `\`${v}\``).join(', ')}`);
  if (spec.min !== undefined || spec.max !== undefined) {
    const lo = spec.min === undefined ? '' : `${spec.min}${spec.exclusiveMin ? ' <' : ' ≤'} `;
    const hi = spec.max === undefined ? '' : ` ≤ ${spec.max}`;
    facts.push(`${lo}value${hi}`);
  }
  return `**${fieldKey(spec)}** — ${facts.join(', ')}\n\n${spec.docs}`;
}

export function fieldDocsAt(a: Analysis, offset: number): { markdown: string; span: Span } | undefined {
  const loc = locate(a.text, offset, lazyTreeOf(a));
  if (!loc.field || !loc.span) return undefined;
  if (offset < loc.span.start || offset > loc.span.end) return undefined;
  return { markdown: fieldMarkdown(loc.field), span: loc.span };
}
