// Template offsets map back to the recipe through every YAML scalar style: a variable's span, computed inside
// the unescaped template, must land exactly on the variable's text in the YAML source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isMap, isScalar, parseDocument } from 'yaml';
import { analyzeTemplate } from '../../../server/src/template/analyze-template';
import { docOffset, scalarTemplateSource, type ScalarStyle } from '../../../server/src/template/template-source';

/** The TemplateSource of the value of `key` in a one-level YAML mapping. */
function sourceFor(text: string, key: string) {
  const doc = parseDocument(text);
  assert.ok(isMap(doc.contents));
  const pair = doc.contents.items.find((p) => isScalar(p.key) && p.key.value === key)!;
  const v = pair.value;
  assert.ok(isScalar(v) && typeof v.value === 'string' && v.range);
  return { ts: scalarTemplateSource(text, v.range[0], v.range[1], v.type as ScalarStyle, v.value), value: v.value, style: v.type };
}

const styles: { name: string; yaml: string; style: string }[] = [
  { name: 'plain', yaml: 'p: Solve {{ question }} now, {{ seed.answer }}\n', style: 'PLAIN' },
  { name: 'plain multi-line (folded lines)', yaml: 'p: Solve\n  {{ question }}\n\n  then {{ seed.answer }}\n', style: 'PLAIN' },
  { name: 'single-quoted with doubled quotes', yaml: "p: 'It''s {{ question }} and it''s {{ seed.answer }}'\n", style: 'QUOTE_SINGLE' },
  { name: 'double-quoted with escapes', yaml: 'p: "Tab\\there \\"q\\" \\u00e9\\x41 {{ question }}\\n\\\\ {{ seed.answer }}"\n', style: 'QUOTE_DOUBLE' },
  { name: 'double-quoted over lines with an escaped break', yaml: 'p: "a {{ question }}\n  b\\\n  c {{ seed.answer }}"\n', style: 'QUOTE_DOUBLE' },
  { name: 'literal block', yaml: 'p: |\n  Line one {{ question }}\n    indented\n\n  {{ seed.answer }}\nq: 1\n', style: 'BLOCK_LITERAL' },
  { name: 'literal block, strip chomping', yaml: 'p: |-\n  {{ question }}\n  {{ seed.answer }}\n\n', style: 'BLOCK_LITERAL' },
  { name: 'folded block', yaml: 'p: >\n  First {{ question }}\n  same line\n\n  new para\n    more {{ x }}\n  {{ seed.answer }}\n', style: 'BLOCK_FOLDED' },
  { name: 'literal block with CJK and emoji', yaml: 'p: |+\n  数学 🧮 {{ question }}\n  {{ seed.answer }}\n\n', style: 'BLOCK_LITERAL' },
];

const withCrlf = [...styles, ...styles.map((s) => ({ ...s, name: `${s.name} (CRLF)`, yaml: s.yaml.replace(/\n/g, '\r\n') }))];

for (const s of withCrlf) {
  test(`template offsets map back through a ${s.name} scalar`, () => {
    const { ts, style } = sourceFor(s.yaml, 'p');
    assert.equal(style, s.style, 'the YAML test text has the intended style');
    const r = analyzeTemplate(ts);
    assert.deepEqual(r.problems, []);
    const vars = r.value.variables;
    assert.ok(vars.some((v) => v.path === 'question') && vars.some((v) => v.path === 'seed.answer'));
    for (const v of vars) assert.equal(s.yaml.slice(v.span.start, v.span.end), v.path, `span of ${v.path}`);
    // Every character of the unescaped value that is not produced by an escape or a fold maps onto itself.
    for (let i = 0; i < ts.source.length; i++) {
      const ch = ts.source[i]!;
      if (/[{}a-z]/.test(ch)) assert.equal(s.yaml[docOffset(ts, i)], ch, `char ${i} (${ch})`);
    }
  });
}

test('a syntax error inside a double-quoted scalar with escapes is reported at the right place', () => {
  const yaml = 'p: "\\u00e9\\t{{ question }} {% if %}"\n';
  const { ts } = sourceFor(yaml, 'p');
  const r = analyzeTemplate(ts);
  assert.equal(r.problems.length, 1);
  const p = r.problems[0]!;
  assert.equal(p.code, 'template/syntax');
  assert.equal(yaml.slice(p.span!.start, p.span!.end), '%}');
});

test('an undefined variable in a folded block is reported at the variable', () => {
  const yaml = 'p: >\n  Intro line\n  and {{ questoin }} here\n';
  const { ts } = sourceFor(yaml, 'p');
  const r = analyzeTemplate(ts, ['question']);
  assert.equal(r.problems.length, 1);
  assert.equal(yaml.slice(r.problems[0]!.span!.start, r.problems[0]!.span!.end), 'questoin');
  assert.equal(r.problems[0]!.data?.['suggestion'], 'question');
});
