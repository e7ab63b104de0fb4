// docs/recipe-format.md is the format reference: it must mention every field path of the table and document
// every diagnostic code the recipe, template and dataset modules can produce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIELDS } from '../../../server/src/recipe/fields';
import { fieldReferenceMarkdown } from '../../../server/src/recipe/field-reference';
import { repoRoot } from '../../helpers/paths';

const DOC = path.join(repoRoot, 'docs', 'recipe-format.md');
let doc = fs.readFileSync(DOC, 'utf8');

test('the Fields section is exactly the rendering of the field table (PASSK_UPDATE_DOCS=1 rewrites it)', () => {
  const start = doc.indexOf('## Fields\n') + '## Fields\n'.length;
  const end = doc.indexOf('\n## Diagnostics');
  assert.ok(start > 10 && end > start, 'the document has a Fields and a Diagnostics section');
  const want = fieldReferenceMarkdown();
  let section = doc.slice(start, end);
  if (process.env['PASSK_UPDATE_DOCS'] === '1' && section !== want) {
    doc = doc.slice(0, start) + want + doc.slice(end);
    fs.writeFileSync(DOC, doc);
    section = want;
  }
  assert.equal(section, want, 'docs/recipe-format.md is stale: run PASSK_UPDATE_DOCS=1 node scripts/test.js unit/recipe/docs.test.ts');
});

test('the format reference mentions every field of the table, with its docs', () => {
  const missing = FIELDS.filter((f) => !doc.includes(`\`${f.path}\``) || !doc.includes(f.docs.replace(/\|/g, '\\|')));
  assert.deepEqual(missing.map((f) => f.path), []);
});

test('the format reference documents every diagnostic code the core emits', () => {
  const codes = new Set<string>();
  for (const dir of ['recipe', 'template', 'datasets', 'problems', 'text']) {
    for (const f of fs.readdirSync(path.join(repoRoot, 'server', 'src', dir))) {
      if (!f.endsWith('.ts')) continue;
      const src = fs.readFileSync(path.join(repoRoot, 'server', 'src', dir, f), 'utf8');
      for (const m of src.matchAll(/code: '((?:recipe|template|dataset|env)\/[a-z-]+)'/g)) codes.add(m[1]!);
      for (const m of src.matchAll(/'((?:recipe|dataset)\/[a-z-]+)' : '((?:recipe|dataset)\/[a-z-]+)'/g)) codes.add(m[1]!).add(m[2]!);
    }
  }
  assert.ok(codes.size >= 20, `found ${codes.size} codes`);
  const undocumented = [...codes].filter((c) => !doc.includes(`| \`${c}\` |`));
  assert.deepEqual(undocumented, []);
});
