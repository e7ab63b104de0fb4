// Every check of docs/recipe-format.md, each as a recipe with the expected problem spans marked ⟦…⟧ and the expected
// codes in the same order. A case passes only when the problems are exactly these codes at exactly these
// spans, so a check that misfires elsewhere, or points at the wrong text, fails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeRecipe } from '../../../server/src/recipe/analyze';
import type { Problem } from '../../../server/src/problems/problem';
import { fixtures } from '../../helpers/paths';
import { unmark } from './marked';

export const FILE = path.join(fixtures, 'recipes', 'case.recipe.yaml');

const MODELS = `models:
  m:
    baseUrl: http://127.0.0.1:1/v1
    model: x
`;
const DATASETS = `datasets:
  d:
    path: ../data/gsm8k-test.jsonl
    question: question
    answer: { field: answer, extract: gsm8k }
`;
const PROMPTS = `prompts:
  p: "{{ question }}"
`;
const EVALUATE = `evaluate:
  e:
    model: m
    dataset: d
    prompt: p
`;
const BASE = `passk: 1\n${MODELS}${DATASETS}${PROMPTS}${EVALUATE}`;

interface Case {
  name: string;
  text: string;
  codes: string[];
  env?: Record<string, string>;
  /** Expected `data` fields, per problem index. */
  data?: Record<number, Record<string, unknown>>;
}

const cases: Case[] = [
  { name: 'clean base recipe', text: BASE, codes: [] },
  { name: 'YAML syntax error at its position', text: `${BASE}description: "never closed⟦\n⟧`, codes: ['recipe/yaml-syntax'] },
  { name: 'a second YAML document', text: `${BASE}⟦---\nname: x\n⟧`, codes: ['recipe/yaml-syntax'] },
  { name: 'duplicate key', text: `${BASE}name: a\n⟦name⟧: b\n`, codes: ['recipe/duplicate-key'] },
  {
    name: 'unknown key with did-you-mean',
    text: BASE.replace('    model: x\n', '    model: x\n    ⟦concurency⟧: 4\n'),
    codes: ['recipe/unknown-key'],
    data: { 0: { suggestion: 'concurrency' } },
  },
  { name: 'unknown top-level key', text: `${BASE}⟦evalute⟧: {}\n`, codes: ['recipe/unknown-key'], data: { 0: { suggestion: 'evaluate' } } },
  {
    name: 'missing required key: span is the parent key',
    text: BASE.replace('  m:\n    baseUrl: http://127.0.0.1:1/v1\n', '  ⟦m⟧:\n'),
    codes: ['recipe/missing-key'],
    data: { 0: { missingKey: 'baseUrl', path: ['models', 'm'] } },
  },
  { name: 'missing passk', text: `⟦⟧${MODELS}${DATASETS}${PROMPTS}${EVALUATE}`.replace('⟦⟧models', '⟦models⟧'), codes: ['recipe/missing-key'], data: { 0: { missingKey: 'passk' } } },
  { name: 'passk not 1', text: BASE.replace('passk: 1', 'passk: ⟦2⟧'), codes: ['recipe/version'] },
  { name: 'wrong type', text: BASE.replace('    model: x\n', '    model: x\n    concurrency: ⟦lots⟧\n'), codes: ['recipe/wrong-type'] },
  { name: 'whole number required', text: BASE.replace('    model: x\n', '    model: x\n    maxRetries: ⟦2.5⟧\n'), codes: ['recipe/wrong-type'] },
  { name: 'a prompt of the wrong type is reported once, not also as an undefined reference', text: BASE.replace('p: "{{ question }}"', 'p: ⟦42⟧'), codes: ['recipe/wrong-type'] },
  { name: 'mapping where a string belongs', text: BASE.replace('    prompt: p\n', '    prompt: ⟦{ a: 1 }⟧\n'), codes: ['recipe/wrong-type'] },
  { name: 'out of range', text: `${BASE}    topP: ⟦1.5⟧\n    samples: ⟦0⟧\n`, codes: ['recipe/out-of-range', 'recipe/out-of-range'] },
  {
    name: 'bad enum with did-you-mean',
    text: BASE.replace('extract: gsm8k', 'extract: ⟦gsm8⟧').replace('    model: x\n', '    model: x\n    api: ⟦chatt⟧\n'),
    codes: ['recipe/bad-enum', 'recipe/bad-enum'],
    data: { 0: { suggestion: 'chat' }, 1: { suggestion: 'gsm8k' } },
  },
  {
    name: 'undefined references with did-you-mean',
    text: BASE.replace('    model: m\n    dataset: d\n    prompt: p\n', '    model: ⟦mm⟧\n    dataset: ⟦gsm8k⟧\n    prompt: ⟦pp⟧\n'),
    codes: ['recipe/undefined-reference', 'recipe/undefined-reference', 'recipe/undefined-reference'],
    data: { 0: { suggestion: 'm', kind: 'model' }, 2: { suggestion: 'p', kind: 'prompt' } },
  },
  { name: 'template syntax error', text: BASE.replace('p: "{{ question }}"', 'p: "{{ question ⟦}⟧"'), codes: ['template/syntax'] },
  {
    name: 'undefined template variable with suggestion',
    text: BASE.replace('p: "{{ question }}"', 'p: "Q: {{ ⟦questoin⟧ }} {{ id }} {{ row.level }}"'),
    codes: ['template/undefined-variable'],
    data: { 0: { suggestion: 'question', variable: 'questoin' } },
  },
  {
    name: 'seed is not available in evaluate prompts',
    text: BASE.replace('p: "{{ question }}"', 'p: "{{ question }} {{ ⟦seed⟧.question }}"'),
    codes: ['template/undefined-variable'],
  },
  {
    name: 'template set/for bindings are not undefined variables',
    text: BASE.replace('p: "{{ question }}"', 'p: "{% set x = 2 %}{% for w in row.words %}{{ w }}{{ loop.index }}{% endfor %}{{ x | string | upper }}{{ range(3) | join }}"'),
    codes: [],
  },
  { name: 'dataset file that does not exist', text: BASE.replace('../data/gsm8k-test.jsonl', '⟦../data/nope.jsonl⟧'), codes: ['recipe/dataset-not-found'] },
  {
    name: 'dataset field names absent from the first rows',
    text: BASE.replace('question: question', 'question: ⟦questions⟧').replace('field: answer', 'field: ⟦gold⟧').replace('    question:', '    id: ⟦idx⟧\n    question:'),
    codes: ['recipe/dataset-missing-field', 'recipe/dataset-missing-field', 'recipe/dataset-missing-field'],
    data: { 1: { suggestion: 'question' } },
  },
  {
    name: 'broken JSON line in a dataset is a warning naming the line',
    text: BASE.replace('../data/gsm8k-test.jsonl', '⟦../data/broken.jsonl⟧'),
    codes: ['recipe/dataset-bad-json'],
    data: { 0: { line: 1 } },
  },
  { name: 'k above samples', text: `${BASE}    samples: 8\n    k: [1, 8, ⟦16⟧]\n`, codes: ['recipe/k-above-samples'] },
  { name: 'expectation on a k above samples', text: `${BASE}    samples: 4\n    k: [1, 4]\n    expect: { pass@1: 0.3, ⟦maj@8⟧: 0.5 }\n`, codes: ['recipe/k-above-samples'] },
  { name: 'bad expectation key and value', text: `${BASE}    expect: { ⟦pass@⟧: 0.3, pass@1: ⟦40⟧ }\n`, codes: ['recipe/bad-key', 'recipe/out-of-range'] },
  { name: 'k as a single number above samples', text: `${BASE}    k: ⟦4⟧\n`, codes: ['recipe/k-above-samples'] },
  { name: 'several samples at temperature 0', text: `${BASE}    samples: 4\n    temperature: ⟦0⟧\n    k: [1, 4]\n`, codes: ['recipe/greedy-samples'] },
  { name: 'one sample at temperature 0 is fine', text: `${BASE}    samples: 1\n    temperature: 0\n`, codes: [] },
  {
    name: 'unset env variable without default',
    text: BASE.replace('    model: x\n', '    model: x\n    apiKey: "Bearer ⟦${env:PASSK_TEST_KEY}⟧"\n    headers: { X-Org: "${env:PASSK_ORG:none}" }\n'),
    codes: ['env/unset'],
    data: { 0: { variable: 'PASSK_TEST_KEY' } },
  },
  {
    name: 'unset env variable inside a block scalar and an escaped double-quoted string',
    text: BASE.replace('passk: 1\n', 'passk: 1\ndescription: |\n  Uses\n    ⟦${env:PASSK_A}⟧ here\nname: "\\t\\u00e9 ⟦${env:PASSK_B}⟧"\n'),
    codes: ['env/unset', 'env/unset'],
  },
  {
    name: 'a literal API key is a warning that does not repeat the key',
    text: BASE.replace('    model: x\n', '    model: x\n    apiKey: ⟦sk-abc123secret⟧\n    headers: { Authorization: ⟦Bearer xyz789⟧, X-Trace: "on" }\n'),
    codes: ['recipe/literal-secret', 'recipe/literal-secret'],
  },
  {
    name: 'set env variable gives no warning',
    text: BASE.replace('    model: x\n', '    model: x\n    apiKey: ${env:PASSK_TEST_KEY}\n'),
    codes: [],
    env: { PASSK_TEST_KEY: 'k' },
  },
  {
    name: 'regexes that do not compile, with the span of the pattern',
    text: BASE.replace('extract: gsm8k', 'extract: "regex:⟦(\\\\d+⟧"') + '    grader: { extract: "regex:⟦[a-⟧" }\n',
    codes: ['recipe/bad-regex', 'recipe/bad-regex'],
  },
  {
    name: 'UTF-16 offsets after emoji and CJK',
    text: BASE.replace('passk: 1\n', 'passk: 1\ndescription: "数学 🧮 recipe"\n').replace('    model: x\n', '    model: x  # 模型 🤖\n    ⟦timeout⟧: 3\n'),
    codes: ['recipe/unknown-key'],
  },
];

const synth = (extra: string) => `${BASE}synthesize:
  s:
    seeds: d
    generate: { model: m, prompt: gen }
    solve: { model: m, prompt: sol, samples: 4 }
    output: out/s.jsonl
${extra}`;

cases.push(
  {
    name: 'synthesis stages: each prompt checked in its context',
    text: synth(`    verify: { model: m, prompt: ver, accept: '⟦(yes⟧' }
  gen: "{{ seed.question }} {{ seed.answer }} {{ ⟦question⟧ }} {{ ⟦seed.awnser⟧ }}"
  sol: "{{ question }} {{ seed.row.x }}"
  ver: "{{ question }} {{ ⟦id⟧ }}"
`).replace(/\n {2}gen:/, '\nprompts2:\n  gen:').replace('prompts2:\n', '').replace('prompts:\n  p: "{{ question }}"\n', 'prompts:\n  p: "{{ question }}"\nPLACEHOLDER'),
    codes: [],
  },
);

// The synthesis case above is built by moving the prompts into the prompts section; assemble it explicitly.
cases.pop();
cases.push({
  name: 'synthesis stages: each prompt checked in its context',
  text: `passk: 1\n${MODELS}${DATASETS}prompts:
  p: "{{ question }}"
  gen: "{{ seed.question }} {{ seed.answer }} {{ ⟦question⟧ }} {{ ⟦seed.awnser⟧ }}"
  sol: "{{ question }} {{ seed.row.x }}"
  ver: "{{ question }} {{ ⟦id⟧ }}"
  both: "{{ ⟦seed⟧.question }}"
  unused: "{{ question }} {{ seed.answer }} {{ id }} {{ ⟦nothing⟧ }}"
${EVALUATE}  e2:
    model: m
    dataset: d
    prompt: both
synthesize:
  s:
    seeds: d
    generate: { model: m, prompt: both, parse: '⟦(x⟧' }
    verify: { model: m, prompt: ver, accept: '⟦(yes⟧' }
    solve: { model: m, prompt: sol, samples: 4 }
    output: out/s.jsonl
  t:
    seeds: d
    generate: { model: m, prompt: gen }
    solve: { model: m, prompt: sol, samples: 2, temperature: ⟦0⟧ }
    output: out/t.jsonl
`,
  codes: [
    'template/undefined-variable', 'template/undefined-variable', 'template/undefined-variable', 'template/undefined-variable',
    'template/undefined-variable', 'recipe/bad-regex', 'recipe/bad-regex', 'recipe/greedy-samples',
  ],
  data: { 1: { suggestion: 'seed.answer' }, 3: { context: 'evaluate' } },
});

function summary(problems: Problem[]): string[] {
  return problems.map((p) => `${p.code}@${p.span?.start}-${p.span?.end}`);
}

for (const c of cases) {
  test(`recipe check: ${c.name}`, () => {
    const { text, spans } = unmark(c.text);
    assert.equal(spans.length, c.codes.length, 'test case: one marked span per expected code');
    const r = analyzeRecipe(text, { file: FILE, env: c.env ?? {} });
    const expected = c.codes.map((code, i) => `${code}@${spans[i]!.start}-${spans[i]!.end}`).sort();
    const actual = summary(r.problems).sort();
    assert.deepEqual(actual, expected, `problems: ${r.problems.map((p) => `${p.code} ${JSON.stringify(text.slice(p.span?.start ?? 0, p.span?.end ?? 0))}: ${p.message}`).join('\n')}`);
    for (const [i, want] of Object.entries(c.data ?? {})) {
      const span = spans[Number(i)]!;
      const p = r.problems.find((x) => x.code === c.codes[Number(i)] && x.span?.start === span.start && x.span.end === span.end)!;
      for (const [k, v] of Object.entries(want)) assert.deepEqual(p.data?.[k], v, `data.${k} of ${p.code}`);
    }
    for (const p of r.problems) {
      assert.ok(!/sk-abc123secret|xyz789/.test(JSON.stringify(p)), 'no problem repeats a secret');
      assert.match(p.message, /^[A-Z"`$]/, `message starts a sentence: ${p.message}`);
      assert.match(p.message, /[.?!)]$/, `message ends a sentence: ${p.message}`);
    }
  });
}
