// locate() tells the LSP where the cursor is. Cases mark the cursor with ‸ in recipes that are being typed
// (often invalid YAML), and check the path, key/value position, prefix and field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { locate } from '../../../server/src/recipe/locate';
import { childFields, fieldKey } from '../../../server/src/recipe/fields';

function at(marked: string) {
  const offset = marked.indexOf('‸');
  assert.ok(offset >= 0);
  return locate(marked.replace('‸', ''), offset);
}

const HEAD = 'passk: 1\nmodels:\n  teacher:\n    baseUrl: http://x/v1\n';

const cases: { name: string; text: string; want: Record<string, unknown> }[] = [
  { name: 'empty file: top-level key position', text: '‸', want: { parent: [], inKey: true, prefix: '' } },
  { name: 'typing a top-level key', text: 'passk: 1\nmod‸', want: { parent: [], key: 'mod', inKey: true, prefix: 'mod', path: ['mod'] } },
  { name: 'typing a model key (invalid YAML so far)', text: `${HEAD}    mod‸\n  student:\n    model: y\n`, want: { parent: ['models', 'teacher'], key: 'mod', inKey: true, prefix: 'mod', section: 'models', entry: 'teacher' } },
  { name: 'blank line inside a model', text: `${HEAD}    ‸\n`, want: { parent: ['models', 'teacher'], inKey: true, prefix: '' } },
  { name: 'blank line at entry level', text: `${HEAD}  ‸\n`, want: { parent: ['models'], inKey: true, section: 'models' } },
  { name: 'value being typed', text: `${HEAD}    api: comp‸\n`, want: { parent: ['models', 'teacher'], key: 'api', inKey: false, prefix: 'comp', path: ['models', 'teacher', 'api'] } },
  { name: 'empty value after colon', text: `${HEAD}    api: ‸\n`, want: { path: ['models', 'teacher', 'api'], inKey: false, prefix: '' } },
  { name: 'on an existing key', text: `${HEAD}    mo‸del: gpt\n`, want: { path: ['models', 'teacher', 'model'], inKey: true, prefix: 'mo', span: { start: HEAD.length + 4, end: HEAD.length + 9 } } },
  {
    name: 'inside a flow mapping value',
    text: 'passk: 1\ndatasets:\n  d:\n    answer: { field: answer, extract: gs‸ }\n',
    want: { path: ['datasets', 'd', 'answer', 'extract'], inKey: false, prefix: 'gs', entry: 'd' },
  },
  {
    name: 'a key inside a flow mapping',
    text: 'passk: 1\nevaluate:\n  e:\n    grader: { comp‸are: math }\n',
    want: { path: ['evaluate', 'e', 'grader', 'compare'], inKey: true },
  },
  {
    name: 'inside a list of references',
    text: 'passk: 1\nsynthesize:\n  s:\n    filters:\n      decontaminate: { against: [a, b‸] }\n',
    want: { path: ['synthesize', 's', 'filters', 'decontaminate', 'against', 1], inKey: false, prefix: 'b' },
  },
  {
    name: 'block list items',
    text: 'passk: 1\nevaluate:\n  e:\n    k:\n      - 1\n      - 8‸\n',
    want: { path: ['evaluate', 'e', 'k', 1], inKey: false, prefix: '8' },
  },
  {
    name: 'inside a quoted prompt',
    text: 'passk: 1\nprompts:\n  p: "Solve {{ ques‸ }}"\n',
    want: { path: ['prompts', 'p'], inKey: false, section: 'prompts', entry: 'p' },
  },
  {
    name: 'after emoji in a comment (UTF-16 offsets)',
    text: 'passk: 1  # 🧮 数学\nmodels:\n  m:\n    ap‸\n',
    want: { parent: ['models', 'm'], key: 'ap', prefix: 'ap' },
  },
];

for (const c of cases) {
  test(`locate: ${c.name}`, () => {
    const loc = at(c.text);
    for (const [k, v] of Object.entries(c.want)) assert.deepEqual((loc as unknown as Record<string, unknown>)[k], v, `${k} in ${JSON.stringify(loc)}`);
  });
}

test('locate gives the field spec, and childFields the keys to complete', () => {
  const loc = at(`${HEAD}    ‸\n`);
  const keys = childFields(loc.parent).map(fieldKey);
  assert.ok(keys.includes('model') && keys.includes('apiKey') && keys.includes('concurrency'));
  assert.equal(at(`${HEAD}    api: ‸`).field?.path, 'models.*.api');
  assert.deepEqual(at(`${HEAD}    api: ‸`).field?.enum, ['chat', 'completions']);
});
