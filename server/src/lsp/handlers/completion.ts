// Completion, driven by the recipe field table and `locate` from the recipe core:
//   - keys at a key position, with their docs, never offering a key the mapping already has;
//   - enum values (and booleans) at a value position;
//   - model, dataset and prompt names where the field is a reference;
//   - template variables inside `{{ … }}` of a prompt, for the contexts that use that prompt;
//   - environment variable names after `${env:`, from the server's own environment.
import {
  CompletionItemKind,
  MarkupKind,
  type CompletionItem,
  type Position,
  type Range,
} from 'vscode-languageserver/node';
import { isMap, isScalar, type Node } from 'yaml';
import {
  ALL_TEMPLATE_VARIABLES,
  childFields,
  fieldAt,
  fieldKey,
  locate,
  TEMPLATE_VARIABLES,
  type FieldSpec,
  type Location,
  type PathSegment,
  type RecipeDoc,
} from '../../recipe';
import { toOffset, toRange } from '../convert';
import type { ServerContext } from '../server';
import type { Analysis } from '../session';
import { lazyTreeOf, yamlTreeOf } from '../yaml-cache';
import { fieldMarkdown } from './field-docs';
import { peekDataset } from '../../datasets/peek-dataset';
import { datasetFieldNames } from '../../datasets/dataset-fields';
import { contextsOf } from './prompt-contexts';

export function completion(a: Analysis, position: Position, ctx: ServerContext): CompletionItem[] {
  const offset = toOffset(a.lines, position);
  const lineStart = a.text.lastIndexOf('\n', offset - 1) + 1;
  const before = a.text.slice(lineStart, offset);

  const env = /\$\{env:([A-Za-z0-9_]*)$/.exec(before);
  if (env) return envItems(a, offset, env[1]!.length, ctx.env);

  const loc = locate(a.text, offset, lazyTreeOf(a));
  if (loc.field?.template && a.doc) {
    const inside = templateExpression(a.text, offset, loc);
    if (inside) return templateItems(a, offset, inside, loc);
  }
  if (loc.inKey) {
    // `- |` in a block list of names or enum values: the "key" being typed is really a list element's value.
    const element = typeof loc.parent[loc.parent.length - 1] === 'number' ? fieldAt(loc.parent) : undefined;
    if (element && (element.ref || element.enum) && childFields(loc.parent).length === 0) return valueItems(a, offset, { ...loc, field: element, inKey: false });
    return keyItems(a, offset, loc);
  }
  return valueItems(a, offset, loc);
}

function envItems(a: Analysis, offset: number, typed: number, env: NodeJS.ProcessEnv): CompletionItem[] {
  const range = toRange(a.lines, { start: offset - typed, end: offset });
  const closed = a.text[offset] === '}';
  return Object.keys(env)
    .filter((k) => /^[A-Za-z_][A-Za-z0-9_]*$/.test(k))
    .sort()
    .map((name) => ({
      label: name,
      kind: CompletionItemKind.Variable,
      // The value is never shown: completion lists names only, so a secret cannot leak through the editor UI.
      detail: 'environment variable',
      textEdit: { range, newText: closed ? name : `${name}}` },
    }));
}

/** When the cursor is inside `{{ … }}` (or `{% … %}`), the identifier typed so far; otherwise undefined. */
function templateExpression(text: string, offset: number, loc: Location): { typed: string } | undefined {
  const start = loc.span?.start ?? text.lastIndexOf('\n', offset - 1) + 1;
  const head = text.slice(start, offset);
  const open = Math.max(head.lastIndexOf('{{'), head.lastIndexOf('{%'));
  if (open < 0 || head.lastIndexOf('}}') > open || head.lastIndexOf('%}') > open) return undefined;
  const typed = /[A-Za-z_][A-Za-z0-9_.]*$/.exec(head)?.[0] ?? '';
  return { typed };
}

function templateItems(a: Analysis, offset: number, inside: { typed: string }, loc: Location): CompletionItem[] {
  const contexts = loc.entry ? contextsOf(a.doc!, loc.entry) : [];
  // A prompt nothing uses yet may end up in any context; one used in several must work in all of them.
  const vars = contexts.length === 0 ? [...ALL_TEMPLATE_VARIABLES] : contexts.map((c) => TEMPLATE_VARIABLES[c]).reduce((x, y) => x.filter((v) => y.includes(v)));
  const names = new Set<string>();
  for (const v of vars) {
    names.add(v);
    if (v.includes('.')) names.add(v.slice(0, v.indexOf('.')));
  }
  const range = toRange(a.lines, { start: offset - inside.typed.length, end: offset });
  const where = contexts.length ? `provided in ${contexts.join(', ')}` : 'provided by some context (this prompt is not used yet)';
  return [...names].sort().map((name) => ({
    label: name,
    kind: CompletionItemKind.Variable,
    detail: `template variable, ${where}`,
    textEdit: { range, newText: name },
  }));
}

/**
 * Keys the mapping at `parent` already has, other than the one under the cursor. In a flow mapping
 * (`{ field: answer, | }`) they come from the YAML tree; in a block mapping from the sibling lines at the
 * cursor's indentation, which also works while the line being typed leaves the YAML invalid.
 */
function presentKeys(a: Analysis, offset: number, loc: Location): Set<string> {
  const keys = new Set<string>();
  const lineStart = a.text.lastIndexOf('\n', offset - 1) + 1;
  const before = a.text.slice(lineStart, offset);
  if (before.lastIndexOf('{') > before.lastIndexOf('}')) {
    const node = yamlTreeOf(a).getIn(loc.parent, true) as Node | undefined;
    if (node && isMap(node)) {
      for (const p of node.items) if (isScalar(p.key) && p.key.range?.[0] !== loc.span?.start) keys.add(String(p.key.value));
    }
    return keys;
  }
  const indent = /^[ -]*/.exec(before)![0].length;
  const here = a.lines.positionAt(offset).line;
  for (const dir of [-1, 1]) {
    for (let l = here + dir; l >= 0 && l < a.lines.lineCount; l += dir) {
      const t = a.lines.lineText(l);
      if (t.trim() === '' || t.trimStart().startsWith('#')) continue;
      const ind = /^ */.exec(t)![0].length;
      if (ind < indent) break;
      const m = ind === indent ? /^ *([^\s:#][^:#]*?)\s*:(\s|$)/.exec(t) : null;
      if (m) keys.add(m[1]!);
    }
  }
  return keys;
}

function keyItems(a: Analysis, offset: number, loc: Location): CompletionItem[] {
  const fields = childFields(loc.parent as PathSegment[]);
  if (fields.length === 0) return [];
  const present = presentKeys(a, offset, loc);
  const range: Range = loc.span ? toRange(a.lines, { start: loc.span.start, end: Math.max(loc.span.end, offset) }) : toRange(a.lines, { start: offset, end: offset });
  return fields
    .filter((f) => !present.has(fieldKey(f)))
    .map((f, i) => {
      const key = fieldKey(f);
      return {
        label: key,
        kind: CompletionItemKind.Property,
        detail: `${f.types.join(' | ')}${f.required ? ' (required)' : ''}`,
        documentation: { kind: MarkupKind.Markdown, value: fieldMarkdown(f) },
        // Required keys first, then the table's order (which follows the format reference).
        sortText: `${f.required ? '0' : '1'}${String(i).padStart(3, '0')}`,
        textEdit: { range, newText: `${key}: ` },
      };
    });
}

function valueRange(a: Analysis, offset: number, loc: Location): Range {
  const start = offset - loc.prefix.length;
  let end = offset;
  if (loc.span && loc.span.end >= offset && loc.span.start <= offset) {
    end = loc.span.end;
    const q = a.text[loc.span.start];
    if ((q === '"' || q === "'") && a.text[end - 1] === q && end - 1 >= offset) end--;
  }
  return toRange(a.lines, { start, end });
}

/** One line about a definition for the completion list; from values only, as a draft's spans may be stale. */
function describe(doc: RecipeDoc, kind: 'model' | 'dataset' | 'prompt', name: string): string {
  if (kind === 'model') return `model ${doc.models.get(name)?.model ?? ''}`.trim();
  if (kind === 'dataset') return `dataset ${doc.datasets.get(name)?.path ?? ''}`.trim();
  return 'prompt';
}

/** The dataset's own field names where a recipe names a field of its rows: `question`, `id`, `answer.field`. */
function datasetColumnItems(a: Analysis, loc: Location, range: ReturnType<typeof valueRange>): CompletionItem[] | undefined {
  const p = loc.path;
  if (p[0] !== 'datasets' || typeof p[1] !== 'string' || !a.doc) return undefined;
  const rest = p.slice(2).join('.');
  if (rest !== 'question' && rest !== 'id' && rest !== 'answer.field') return undefined;
  const def = a.doc.datasets.get(p[1]);
  if (!def?.path) return undefined;
  const peek = peekDataset(def.path);
  return datasetFieldNames(peek.value).map((name, i) => ({
    label: name,
    kind: CompletionItemKind.Field,
    detail: `field of ${peek.value.format === 'parquet' ? 'Parquet column' : 'the first rows'}`,
    // First-seen order (a file's own column order) is kept over alphabetical order.
    sortText: String(i).padStart(4, '0'),
    textEdit: { range, newText: name },
  }));
}

function valueItems(a: Analysis, offset: number, loc: Location): CompletionItem[] {
  const f: FieldSpec | undefined = loc.field;
  if (!f) return [];
  const range = valueRange(a, offset, loc);
  if (f.ref && a.doc) {
    const defs = f.ref === 'model' ? a.doc.models : f.ref === 'dataset' ? a.doc.datasets : a.doc.prompts;
    return [...defs.values()].map((d) => ({
      label: d.name,
      kind: CompletionItemKind.Reference,
      detail: describe(a.doc!, f.ref!, d.name),
      textEdit: { range, newText: d.name },
    }));
  }
  const columns = datasetColumnItems(a, loc, range);
  if (columns) return columns;
  const values: Array<{ label: string; kind: CompletionItemKind }> = [];
  for (const v of f.enum ?? []) values.push({ label: String(v), kind: CompletionItemKind.EnumMember });
  for (const p of f.enumPrefixes ?? []) values.push({ label: p, kind: CompletionItemKind.Snippet });
  if (f.types.includes('boolean')) for (const v of ['true', 'false']) values.push({ label: v, kind: CompletionItemKind.Value });
  return values.map((v) => ({ ...v, documentation: { kind: MarkupKind.Markdown, value: fieldMarkdown(f) }, textEdit: { range, newText: v.label } }));
}
