// Hover: on a model, dataset or prompt name (a reference or its definition) the definition itself, rendered
// as YAML; on a dataset, also its row count and first problem; on a template variable, what it holds and who
// provides it; on any other key or value, the field's docs from the recipe field table.
import { MarkupKind, type Hover, type Position } from 'vscode-languageserver/node';
import type { Span } from '../../problems/problem';
import type { DatasetDef, RecipeDoc } from '../../recipe/model';
import { toOffset, toRange } from '../convert';
import { SUMMARY_HEAD_BYTES } from '../../datasets';
import { datasetInfo } from '../dataset-info';
import type { ServerContext } from '../server';
import type { Analysis } from '../session';
import { fieldDocsAt } from './field-docs';
import { symbolAt } from './symbol-at';
import { templateVariableHover } from './template-hover';

const MAX_SNIPPET_LINES = 25;
const MAX_QUESTION = 400;

/** The definition's source lines, dedented, so the hover shows it exactly as written. */
export function definitionSnippet(text: string, nameSpan: Span, span: Span): string {
  const start = text.lastIndexOf('\n', nameSpan.start - 1) + 1;
  const end = Math.max(span.end, nameSpan.end);
  let lines = text.slice(start, end).replace(/\s+$/, '').split(/\r?\n/);
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  lines = lines.map((l) => l.slice(indent));
  if (lines.length > MAX_SNIPPET_LINES) lines = [...lines.slice(0, MAX_SNIPPET_LINES), '# …'];
  return lines.join('\n');
}

function fence(code: string, lang: string): string {
  const ticks = code.includes('```') ? '````' : '```';
  return `${ticks}${lang}\n${code}\n${ticks}`;
}

function datasetOf(doc: RecipeDoc, offset: number): DatasetDef | undefined {
  for (const d of doc.datasets.values()) if (d.pathSpan.start <= offset && offset <= d.pathSpan.end) return d;
  return undefined;
}

async function datasetSection(def: DatasetDef): Promise<string> {
  const info = await datasetInfo(def);
  if (!info.exists) return `Dataset file \`${def.path}\` does not exist.`;
  // Past the counting cap the count is a lower bound; broken lines are known only for the first rows.
  const count = `${info.atLeast ? '≥ ' : ''}${info.rows}`;
  const broken = info.broken ? ` (${info.broken} of the first ${info.sampled} lines ${info.broken === 1 ? 'is' : 'are'} not valid JSON and skipped)` : '';
  const where = info.files !== undefined ? ` (${info.files} file${info.files === 1 ? '' : 's'})` : '';
  const format = info.format && info.format !== 'json' ? `, ${info.format === 'parquet' ? 'Parquet' : info.format.toUpperCase()}` : '';
  const parts = [`**${count}** problem${info.rows === 1 && !info.atLeast ? '' : 's'} in \`${def.path}\`${where}${format}${broken}.`];
  if (info.problem) parts.push(`⚠ ${info.problem}`);
  const first = info.first;
  if (first) {
    const q = first.question.length > MAX_QUESTION ? `${first.question.slice(0, MAX_QUESTION)}…` : first.question;
    parts.push(`First problem (id ${first.id}):\n\n${fence(q, 'text')}`);
    if (first.gold) parts.push(`Gold: \`${first.gold.split('\n').pop()!.slice(0, 120)}\``);
  } else if (info.rows > 0 && info.sampled === 0) {
    parts.push(`The first row is longer than ${SUMMARY_HEAD_BYTES / 1024} KB and is not shown.`);
  }
  return parts.join('\n\n');
}

export async function hover(a: Analysis, position: Position, ctx: ServerContext): Promise<Hover | null> {
  void ctx;
  const offset = toOffset(a.lines, position);
  const doc = a.doc;
  if (doc) {
    const s = symbolAt(doc, offset);
    if (s?.target) {
      const sections = [fence(definitionSnippet(a.text, s.target.nameSpan, s.target.span), 'yaml')];
      if (s.kind === 'dataset') sections.push(await datasetSection(s.target as DatasetDef));
      return { contents: { kind: MarkupKind.Markdown, value: sections.join('\n\n') }, range: toRange(a.lines, s.span) };
    }
    const tv = templateVariableHover(doc, offset);
    if (tv) return { contents: { kind: MarkupKind.Markdown, value: tv.markdown }, range: toRange(a.lines, tv.span) };
    const ds = datasetOf(doc, offset);
    if (ds) return { contents: { kind: MarkupKind.Markdown, value: await datasetSection(ds) }, range: toRange(a.lines, ds.pathSpan) };
  }
  const docs = fieldDocsAt(a, offset);
  return docs ? { contents: { kind: MarkupKind.Markdown, value: docs.markdown }, range: toRange(a.lines, docs.span) } : null;
}
