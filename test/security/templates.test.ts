// The escape corpus against the core: analysis refuses the static attempts at their exact place, and
// rendering (eval and synthesis variables) refuses every attempt, with no marker file written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeTemplate } from '../../server/src/template/analyze-template';
import { renderTemplate } from '../../server/src/template/render-template';
import { attemptTemplate, ESCAPES, EVAL_VARS, forSeed, markerName } from './template-escapes';

const markers = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-markers-'));
process.on('exit', () => fs.rmSync(markers, { recursive: true, force: true }));
const marker = (a: (typeof ESCAPES)[number]) => path.join(markers, markerName(a));

test('analysis reports every static attempt as template/unsafe, on a construct of the template', () => {
  for (const a of ESCAPES) {
    const src = attemptTemplate(a, marker(a));
    const unsafe = analyzeTemplate(src).problems.filter((p) => p.code === 'template/unsafe');
    if (a.stage === 'static') {
      assert.ok(unsafe.length > 0, `${a.name}: no template/unsafe`);
      for (const p of unsafe) {
        const text = src.slice(p.span!.start, p.span!.end);
        assert.ok(text.length > 0 && /\S/.test(text), `${a.name}: empty span`);
      }
    } else {
      // The runtime attempts are built to pass analysis, so the renderer's own guard is what stops them.
      assert.deepEqual(unsafe, [], `${a.name} should pass analysis`);
    }
  }
});

test('the static refusal points at the offending name, e.g. constructor, cycler, the unknown call', () => {
  const at = (src: string) => analyzeTemplate(src).problems.filter((p) => p.code === 'template/unsafe').map((p) => src.slice(p.span!.start, p.span!.end));
  assert.deepEqual(at('{{ question.constructor }}'), ['constructor']);
  assert.deepEqual(at('{{ question["__proto__"] }}'), ['"__proto__"']);
  assert.deepEqual(at('{{ cycler }}'), ['cycler']);
  assert.deepEqual(at('{{ question.split(",") }}'), ['split']);
  assert.deepEqual(at('{% include "x.njk" %}'), ['include']);
  assert.deepEqual(at('{{ question | attr("x") }}'), ['attr']);
  assert.deepEqual(at('{{ question is callable_thing }}'), ['callable_thing']);
  assert.deepEqual(at('{% macro m() %}{% endmacro %}{{ m() }}{{ range(3) | join }}{% for i in [1] %}{{ loop.cycle(1, 2) }}{% endfor %}'), []);
});

test('rendering refuses every attempt with evaluation variables: a problem, an empty prompt, no marker', () => {
  for (const a of ESCAPES) {
    const r = renderTemplate(attemptTemplate(a, marker(a)), EVAL_VARS);
    assert.equal(r.value, '', a.name);
    assert.ok(r.problems.some((p) => p.code === 'template/unsafe'), `${a.name}: ${JSON.stringify(r.problems)}`);
    assert.equal(fs.existsSync(marker(a)), false, `${a.name} escaped`);
  }
});

test('rendering refuses every attempt with synthesis variables (seed), no marker', () => {
  const seed = { question: EVAL_VARS.question, answer: '42', row: EVAL_VARS.row };
  for (const a of ESCAPES) {
    const r = renderTemplate(forSeed(attemptTemplate(a, marker(a))), { seed });
    assert.ok(r.problems.some((p) => p.code === 'template/unsafe'), `${a.name}: ${JSON.stringify(r.problems)}`);
    assert.equal(fs.existsSync(marker(a)), false, `${a.name} escaped`);
  }
});

test('a runtime refusal is a render error at the lookup, not a read through a prototype', () => {
  const r = renderTemplate('{% set k = "constr" ~ "uctor" %}{{ question[k] }}', EVAL_VARS);
  assert.equal(r.problems[0]?.code, 'template/unsafe');
  assert.match(r.problems[0]!.message, /"constructor", which templates may not use/);
  const expr = '{% set k = "constr" ~ "uctor" %}{{ '.length;
  assert.ok(r.problems[0]!.span!.start >= expr && r.problems[0]!.span!.start < expr + 'question[k]'.length, 'the span is on the lookup');
  // Missing members stay undefined rather than resolving on Object.prototype.
  const rows = { row: JSON.parse('{"a": 1}') as object };
  assert.deepEqual(renderTemplate('{% set n = "hasOwn" ~ "Property" %}{{ row[n] is defined }}', rows).problems.map((p) => p.code), ['template/unsafe']);
  assert.deepEqual(renderTemplate('{% set n = "x" %}{{ row[n] is defined }}', rows), { value: 'false', problems: [] });
  // A row's own key named like a prototype member is data, but `constructor` is refused whatever holds it.
  assert.equal(renderTemplate('{% set n = "constructor" %}{{ row[n] }}', { row: JSON.parse('{"constructor": "x"}') as object }).problems[0]?.code, 'template/unsafe');
});

test('functions in the render context are invisible, and no value exposes one', () => {
  const r = renderTemplate('{{ helper is defined }} {{ row.fn is defined }}', { helper: () => 1, row: { fn: () => 2 } });
  assert.deepEqual(r, { value: 'false false', problems: [] });
  assert.equal(renderTemplate('{{ range }}', {}).problems[0]?.code, 'template/render');
  assert.deepEqual(renderTemplate('{% set r = range %}{{ r.name is defined }} {{ r.length is defined }}', {}), { value: 'false false', problems: [] });
});
