// The "Fields" section of docs/recipe-format.md, rendered from the field table. A unit test compares the
// document with this rendering (and rewrites it when run with PASSK_UPDATE_DOCS=1), so the reference can
// never describe a field differently from the validator, hover and schema.
import { FIELDS, type FieldSpec } from './fields';

function typeText(f: FieldSpec): string {
  const type = f.types.map((t) => (t === 'map' ? 'map of named entries' : t === 'object' ? 'mapping' : t === 'array' ? 'list' : t)).join(' or ');
  const cons: string[] = [];
  if (f.enum) cons.push(`one of ${f.enum.map((e) => `\`${e}\``).join(', ')}${f.enumPrefixes ? `, or ${f.enumPrefixes.map((p) => `\`${p}<pattern>\``).join(', ')}` : ''}`);
  if (f.min !== undefined) cons.push(f.exclusiveMin ? `> ${f.min}` : `≥ ${f.min}`);
  if (f.max !== undefined) cons.push(`≤ ${f.max}`);
  if (f.ref) cons.push(`names a ${f.ref}`);
  if (f.template) cons.push('template');
  if (f.regex && !f.enum) cons.push('regular expression');
  if (f.keyPattern) cons.push(`keys: ${f.keyHint}`);
  return cons.length ? `${type} (${cons.join('; ')})` : type;
}

/** Markdown tables of every field, grouped by top-level section. */
export function fieldReferenceMarkdown(): string {
  const out: string[] = [];
  let section = '';
  for (const f of FIELDS) {
    const top = f.path.includes('.') || f.types.includes('map') ? f.path.split('.')[0]!.replace('[]', '') : 'top level';
    if (top !== section) {
      section = top;
      out.push('', top === 'top level' ? '### Top level' : `### \`${top}\``, '', '| Field | Type | Required | Default | Description |', '|---|---|---|---|---|');
    }
    const def = f.default === undefined ? '' : `\`${JSON.stringify(f.default)}\``;
    out.push(`| \`${f.path}\` | ${typeText(f)} | ${f.required ? 'yes' : ''} | ${def} | ${f.docs.replace(/\|/g, '\\|')} |`);
  }
  return out.join('\n') + '\n';
}
