// The interpreter (server/src/template/interpret-template.ts) replaced nunjucks' renderer; prompts that
// rendered before must render byte for byte the same. nunjucks is used here only as the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as nunjucks from 'nunjucks';
import { readDataset } from '../../../server/src/datasets';
import { goldAnswer } from '../../../server/src/eval/grader';
import { analyzeRecipe } from '../../../server/src/recipe/analyze';
import { renderTemplate } from '../../../server/src/template/render-template';
import { fixtures, repoRoot } from '../../helpers/paths';

const reference = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });

function recipeFiles(): string[] {
  const dirs = [path.join(repoRoot, 'examples'), path.join(fixtures, 'recipes'), path.join(repoRoot, 'test', 'e2e', 'workspace')];
  return dirs.filter((d) => fs.existsSync(d)).flatMap((d) => fs.readdirSync(d).filter((f) => /\.recipe\.ya?ml$/.test(f)).map((f) => path.join(d, f)));
}

test('every prompt of the example, fixture and e2e recipes renders exactly as nunjucks renders it, with real rows', async () => {
  let compared = 0;
  for (const file of recipeFiles()) {
    const { value: doc } = analyzeRecipe(fs.readFileSync(file, 'utf8'), { file, env: {} });
    // Every prompt is rendered with every context a recipe can give it, from the recipe's own datasets.
    for (const ds of doc.datasets.values()) {
      if (!fs.existsSync(ds.path)) continue;
      const rows = await readDataset({ ...ds }, { limit: 3 });
      for (const row of rows.value) {
        const seed = { question: row.question, answer: goldAnswer(row.gold, ds.answer), row: row.row };
        const contexts = [{ question: row.question, id: row.id, row: row.row }, { seed }, { question: `${row.question} (new)`, seed }];
        for (const p of doc.prompts.values()) {
          for (const src of [p.system, p.user]) {
            if (!src) continue;
            for (const vars of contexts) {
              let expected: string | undefined;
              try {
                expected = reference.renderString(src.source, vars);
              } catch {
                expected = undefined;
              }
              const ours = renderTemplate(src.source, vars);
              if (expected === undefined) {
                assert.ok(ours.problems.length > 0, `${path.basename(file)} ${p.name}: nunjucks fails, ours must too`);
              } else {
                assert.deepEqual(ours, { value: expected, problems: [] }, `${path.basename(file)} prompt ${p.name}`);
                compared++;
              }
            }
          }
        }
      }
    }
  }
  assert.ok(compared >= 20, `compared ${compared} renders`);
});

const ROW = {
  question: 'Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May.',
  id: 'gsm8k-7',
  row: {
    level: 'Level 3', type: 'Algebra', n: 7, x: 2.5, neg: -3, ok: true, nothing: null, empty: '', zero: 0,
    steps: ['add', 'Multiply', 'divide'], nums: [3, 1, 2, 10], words: ['b', 'A', 'c', 'a'],
    pairs: [['a', 1], ['b', 2]], nested: { a: { b: 'deep' } }, meta: { z: 1, a: 2, M: 3 },
    people: [{ name: 'Ann', age: 30, on: true }, { name: 'bob', age: 25, on: false }, { name: 'Cy', age: 41, on: true }],
    text: 'line one\nline two\nline three', html: '<b>"x" & \'y\'</b>',
  },
  seed: { question: 'q', answer: '42', row: { x: 1 } },
};

// Templates exercising every supported statement, operator, filter and test, as recipes would write them.
const FEATURES = [
  'Q: {{ question }} ({{ id }})',
  '{{ row.level | lower }} {{ row.type | upper }} {{ row.level | title }} {{ "hello WORLD" | capitalize }}',
  '{{- question -}}  \n {{ id }}',
  '{% if row.n > 5 %}big{% elif row.n > 2 %}mid{% else %}small{% endif %}',
  '{% for s in row.steps %}{{ loop.index }}. {{ s }}{% if not loop.last %}\n{% endif %}{% endfor %}',
  '{% for s in row.steps %}{{ loop.index0 }}{{ loop.revindex }}{{ loop.revindex0 }}{{ loop.first }}{{ loop.last }}{{ loop.length }};{% endfor %}',
  '{% for s in row.nothing or [] %}x{% else %}none{% endfor %}{% for s in row.nothing %}x{% else %}null{% endfor %}{% for s in row.n %}x{% else %}num{% endfor %}',
  '{% for a, b in row.pairs %}{{ a }}={{ b }},{% endfor %}',
  '{% for k, v in row.meta %}{{ k }}:{{ v }} {% endfor %}',
  '{% for c in "abc" %}[{{ c }}]{% endfor %}',
  '{% for i in range(3) %}{{ i }}{% endfor %}|{% for i in range(1, 10, 3) %}{{ i }}{% endfor %}|{% for i in range(5, 0, -2) %}{{ i }}{% endfor %}',
  '{% set x = row.n * 2 %}{{ x }} {% set a, b = 1 %}{{ a }}{{ b }}',
  '{% set c = 0 %}{% for s in row.steps %}{% set c = c + 1 %}{% endfor %}{{ c }}',
  '{% set block %}Hello {{ question | truncate(10) }}{% endset %}[{{ block }}]',
  '{% macro item(name, n=1) %}<{{ name }}:{{ n }}>{% endmacro %}{{ item("a") }}{{ item("b", 2) }}{{ item("c", n=3) }}{{ item(name="d") }}',
  '{% macro wrap(tag) %}<{{ tag }}>{{ caller() }}</{{ tag }}>{% endmacro %}{% call wrap("p") %}in {{ id }}{% endcall %}',
  '{% macro rec(n) %}{% if n > 0 %}{{ n }}{{ rec(n - 1) }}{% endif %}{% endmacro %}{{ rec(4) }}',
  '{% filter upper %}shout {{ id }}{% endfilter %}',
  '{% raw %}{{ not rendered }}{% endraw %}',
  '{{ "yes" if row.ok else "no" }} {{ "x" if row.nothing }}',
  '{{ 1 + 2 }} {{ 7 - 10 }} {{ 2 * 3.5 }} {{ 7 / 2 }} {{ 7 // 2 }} {{ 7 % 3 }} {{ 2 ** 10 }} {{ -row.n }} {{ 1 + "1" }} {{ "a" ~ 1 ~ true }}',
  '{{ 1 < 2 }} {{ 2 >= 3 }} {{ row.n == 7 }} {{ row.n != "7" }} {{ row.n === 7 }} {{ 1 < 2 < 3 }}',
  '{{ "add" in row.steps }} {{ "sold" in question }} {{ "level" in row }} {{ "zz" in row }}',
  '{{ row.n is odd }} {{ row.n is even }} {{ row.n is divisibleby(7) }} {{ row.nothing is defined }} {{ row.steps[9] is undefined }} {{ row.nothing is none }} {{ row.n is number }} {{ id is string }} {{ row.n is not string }}',
  '{{ row.steps | join(", ") }} {{ row.steps | length }} {{ question | length }} {{ row.meta | length }} {{ row.steps | first }} {{ row.steps | last }}',
  '{{ row.nums | sort | join }} {{ row.nums | sort(true) | join("-") }} {{ row.words | sort | join }} {{ row.words | sort(false, true) | join }}',
  '{{ row.people | sort(attribute="age") | join(",", "name") }} {{ row.people | selectattr("on") | join("/", "name") }} {{ row.people | rejectattr("on") | join("", "name") }}',
  '{{ row.nums | sum }} {{ row.people | sum("age") }} {{ row.nums | reverse | join }} {{ "abc" | reverse }} {{ "ab" | list | join("|") }}',
  '{{ row.x | round }} {{ 2.567 | round(2) }} {{ 2.5 | round(0, "floor") }} {{ "42" | int + 1 }} {{ "x" | int(5) }} {{ "3.25" | float }} {{ 12 | string ~ "!" }} {{ -3 | abs }}',
  '{{ row.steps[9] | default("dflt") }} {{ row.empty | d("e", true) }} {{ row.zero | default("z", true) }} {{ row.n | default("n") }}',
  '{{ question | replace("clips", "pins") }} {{ "aaa" | replace("a", "b", 2) }} {{ question | wordcount }} {{ question | truncate(20, true) }} {{ question | truncate(30) }}',
  '{{ row.text | indent }}|{{ row.text | indent(2, true) }}|{{ "  pad  " | trim }}|{{ "x" | center(7) }}|',
  '{{ row.nums | batch(3) | dump }} {{ row.nums | batch(3, 0) | dump }} {{ row.nums | slice(3) | dump }}',
  '{{ row.meta | dictsort | dump }} {{ row.meta | dictsort(true, "value") | dump }} {{ row | dump | length }} {{ row.people | dump(2) }}',
  '{{ row.html | escape }} {{ row.html | e }} {{ row.html | safe }} {{ row.html | striptags }} {{ row.text | nl2br }} {{ "a b&c" | urlencode }}',
  '{{ row.nested.a.b }} {{ row["nested"]["a"].b }} {{ row.steps[1] }} {{ question[0] }} {{ row.steps.length }}',
  '{{ row.steps }} {{ row.nums }} {{ row.meta }} {{ row.ok }} {{ row.x }} {{ [1, [2, 3], "x"] }} {{ {a: 1}.a }}',
  '{% switch row.n %}{% case 1 %}one{% case 7 %}seven{% default %}other{% endswitch %}',
  '{% for x in [1, 2] %}{% for y in [3, 4] %}{{ loop.index }}{{ x }}{{ y }} {% endfor %}{{ loop.index }}{% endfor %}',
  '{% set t %}{% for s in row.steps %}{{ s | capitalize }}{% endfor %}{% endset %}{{ t | lower }}',
  '{{ seed.question }} -> {{ seed.answer }} {{ seed.row.x }}',
  '{{ (1, 2, 3) }} {{ (row.n + 1) * 2 }} {{ not row.ok }} {{ row.ok and row.n }} {{ row.zero or "fallback" }}',
];

test('feature templates render exactly as nunjucks renders them', () => {
  for (const src of FEATURES) {
    const expected = reference.renderString(src, ROW);
    assert.deepEqual(renderTemplate(src, ROW), { value: expected, problems: [] }, src);
  }
});

// What nunjucks lacks and Jinja has, recipes may still use; their outputs are fixed here instead.
test('loop.cycle and the Jinja filters nunjucks lacks (min, max, unique, map, tojson) work', () => {
  const cases: [string, string][] = [
    ['{% for p in row.people %}{{ loop.cycle("odd", "even") }} {% endfor %}', 'odd even odd '],
    ['{{ row.nums | min }} {{ row.nums | max }} {{ [1, 2, 1, "a", "a"] | unique | join }}', '1 10 12a'],
    ['{{ row.people | map(attribute="name") | join(", ") }} {{ row.nested | tojson }}', 'Ann, bob, Cy {"a":{"b":"deep"}}'],
  ];
  for (const [src, expected] of cases) assert.deepEqual(renderTemplate(src, ROW), { value: expected, problems: [] }, src);
});

// Where nunjucks fails, the interpreter must fail too (a problem, never an exception or a quiet output).
const FAILING = ['{{ row.missing }}', '{{ row.nothing }}', '{{ row.nested.x.y }}', '{{ 1 in 2 }}', '{{ row | dictsort(false, "size") }}'];

test('templates nunjucks cannot render are problems', () => {
  for (const src of FAILING) {
    assert.throws(() => reference.renderString(src, ROW), Error, src);
    const r = renderTemplate(src, ROW);
    assert.equal(r.value, '', src);
    assert.ok(r.problems.length > 0 && r.problems.every((p) => p.severity === 'error'), src);
  }
});
