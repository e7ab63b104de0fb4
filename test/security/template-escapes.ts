// The escape corpus: prompt templates that, rendered by plain nunjucks, run JavaScript and write a marker file
// (templates-corpus-validity.test.ts proves each one does). Every entry point that renders or analyses
// templates iterates this list and asserts that no marker appears and that each attempt is reported.
//
// `stage` says where passk must stop the attempt: 'static' ones are `template/unsafe` diagnostics found by
// analysis (so `passk check` and the editor show them); 'runtime' ones pass analysis on purpose (the member
// name is computed) and must be refused by the renderer's guarded lookup.
//
// Templates read only `question` and `row`, so the same text works as an evaluation prompt; for synthesis
// prompts (which get `seed`), `forSeed` binds both names from `seed` first.

export interface EscapeAttempt {
  name: string;
  stage: 'static' | 'runtime';
  /** The template, with MARKER standing for the absolute path of the marker file. */
  template: string;
}

/** JavaScript that writes the marker file, as a nunjucks string literal (double quotes outside). */
const P = `"process.mainModule.require('fs').writeFileSync('MARKER', 'escaped ' + Object.keys(process.env).length)"`;
/** The same code without quotes, for block-set and concatenation attempts. */
const RAW = `process.mainModule.require('fs').writeFileSync('MARKER', 'escaped')`;
/** Two macros an attempt can overwrite, so calling them by name passes the static call check. */
const DECOY = '{% macro f() %}{% endmacro %}{% macro g() %}{% endmacro %}';
const K = '{% set k = "constr" ~ "uctor" %}';

export const ESCAPES: EscapeAttempt[] = [
  { name: 'range-constructor', stage: 'static', template: `{{ range.constructor(${P})() }}` },
  { name: 'cycler-constructor', stage: 'static', template: `{{ cycler.constructor(${P})() }}` },
  { name: 'joiner-constructor', stage: 'static', template: `{{ joiner.constructor(${P})() }}` },
  { name: 'joiner-call-result', stage: 'static', template: `{{ joiner().constructor(${P})() }}` },
  { name: 'cycler-next', stage: 'static', template: `{{ cycler(1, 2).next.constructor(${P})() }}` },
  { name: 'question-constructor-constructor', stage: 'static', template: `{{ question.constructor.constructor(${P})() }}` },
  { name: 'row-constructor-constructor', stage: 'static', template: `{{ row.constructor.constructor(${P})() }}` },
  { name: 'string-literal', stage: 'static', template: `{{ "".constructor.constructor(${P})() }}` },
  { name: 'number-literal', stage: 'static', template: `{{ (1).constructor.constructor(${P})() }}` },
  { name: 'array-literal', stage: 'static', template: `{{ [].constructor.constructor(${P})() }}` },
  { name: 'dict-literal', stage: 'static', template: `{{ {a: 1}.constructor.constructor(${P})() }}` },
  { name: 'loop-variable', stage: 'static', template: `{% for x in [1] %}{{ loop.constructor.constructor(${P})() }}{% endfor %}` },
  { name: 'loop-item', stage: 'static', template: `{% for x in row.steps %}{{ x.constructor.constructor(${P})() }}{% endfor %}` },
  { name: 'set-then-call', stage: 'static', template: `{% set fn = question.constructor.constructor %}{{ fn(${P})() }}` },
  { name: 'set-result-then-call', stage: 'static', template: `{% set fn = range.constructor(${P}) %}{{ fn() }}` },
  { name: 'bracket-lookups', stage: 'static', template: `{{ question["constructor"]["constructor"](${P})() }}` },
  { name: 'proto-chain', stage: 'static', template: `{{ question.__proto__.constructor.constructor(${P})() }}` },
  { name: 'string-method', stage: 'static', template: `{{ question.split.constructor(${P})() }}` },
  { name: 'tostring', stage: 'static', template: `{{ question.toString.constructor(${P})() }}` },
  { name: 'valueof', stage: 'static', template: `{{ row.valueOf.constructor(${P})() }}` },
  { name: 'function-call', stage: 'static', template: `{{ range.constructor.call(null, ${P})() }}` },
  { name: 'function-apply', stage: 'static', template: `{{ range.constructor.apply(null, [${P}])() }}` },
  { name: 'function-bind', stage: 'static', template: `{{ range.constructor.bind(null, ${P})()() }}` },
  { name: 'macro-constructor', stage: 'static', template: `{% macro m() %}{% endmacro %}{{ m.constructor(${P})() }}` },
  { name: 'caller-constructor', stage: 'static', template: `{% macro w() %}{{ caller.constructor(${P})() }}{% endmacro %}{% call w() %}x{% endcall %}` },
  { name: 'bare-constructor-root', stage: 'static', template: `{{ constructor.constructor(${P})() }}` },
  { name: 'bare-tostring-root', stage: 'static', template: `{{ toString.constructor(${P})() }}` },
  { name: 'filter-result-first', stage: 'static', template: `{{ (row.steps | first).constructor.constructor(${P})() }}` },
  { name: 'filter-string', stage: 'static', template: `{{ (question | string).constructor.constructor(${P})() }}` },
  { name: 'filter-sort-attribute', stage: 'static', template: `{{ ([question] | sort(attribute="length") | first).constructor.constructor(${P})() }}` },
  { name: 'dictsort-on-prototype', stage: 'static', template: `{{ (row | dictsort | first | last).constructor.constructor(${P})() }}` },
  { name: 'selectattr-constructor', stage: 'static', template: `{{ (row.steps | selectattr("constructor") | first).constructor.constructor(${P})() }}` },
  { name: 'dump-result', stage: 'static', template: `{{ (row | dump).constructor.constructor(${P})() }}` },
  { name: 'block-set-code', stage: 'static', template: `{% set code %}${RAW}{% endset %}{{ range.constructor(code)() }}` },
  { name: 'concatenated-code', stage: 'static', template: `{{ range.constructor("process.mainModule" ~ ".require('fs').writeFileSync('MARKER', 'x')")() }}` },
  { name: 'list-of-functions', stage: 'static', template: `{% for fn in [range.constructor] %}{{ fn(${P})() }}{% endfor %}` },
  { name: 'dict-of-functions', stage: 'static', template: `{% set d = {fn: range.constructor} %}{{ d.fn(${P})() }}` },
  { name: 'inline-if-function', stage: 'static', template: `{{ (range.constructor if true else 0)(${P})() }}` },
  { name: 'chained-process-lookup', stage: 'static', template: `{{ range.constructor("return process")().mainModule.require("fs").writeFileSync("MARKER", "x") }}` },
  { name: 'has-own-property', stage: 'static', template: `{{ row.hasOwnProperty.constructor(${P})() }}` },
  { name: 'define-getter', stage: 'static', template: `{{ row.__defineGetter__.constructor(${P})() }}` },
  { name: 'filter-block-code', stage: 'static', template: `{% filter trim %}{{ range.constructor(${P})() }}{% endfilter %}` },
  // The runtime attempts: no forbidden name appears literally and every call names a macro of the template.
  { name: 'computed-member', stage: 'runtime', template: `${DECOY}${K}{% set f = question[k][k] %}{% set g = f(${P}) %}{{ g() }}` },
  { name: 'computed-member-in-loop', stage: 'runtime', template: `${DECOY}{% for k in ["constructor"] %}{% set f = range[k] %}{% endfor %}{% set g = f(${P}) %}{{ g() }}` },
  { name: 'computed-member-of-filter-result', stage: 'runtime', template: `${DECOY}${K}{% set f = (row | dictsort | first | last)[k][k] %}{% set g = f(${P}) %}{{ g() }}` },
  { name: 'computed-proto', stage: 'runtime', template: `${DECOY}${K}{% set p = "__pro" ~ "to__" %}{% set f = row[p][k][k] %}{% set g = f(${P}) %}{{ g() }}` },
  { name: 'computed-caller-member', stage: 'runtime', template: `${DECOY}{% macro w() %}${K}{% set f = caller[k] %}{% set g = f(${P}) %}{{ g() }}{% endmacro %}{% call w() %}x{% endcall %}` },
  { name: 'computed-macro-member', stage: 'runtime', template: `${DECOY}${K}{% set g = f[k] %}{% set g = g(${P}) %}{{ g() }}` },
];

/** The attempt's template with its marker path filled in. */
export function attemptTemplate(a: EscapeAttempt, marker: string): string {
  return a.template.split('MARKER').join(marker);
}

/** The same template for a context that provides `seed` instead of `question` and `row` (synthesis). */
export function forSeed(template: string): string {
  return `{% set question = seed.question %}{% set row = seed.row %}${template}`;
}

/** The evaluation variables every entry point renders the corpus with (a row like the test datasets'). */
export const EVAL_VARS = {
  question: 'What is 6 times 7?',
  id: 'p1',
  row: { question: 'What is 6 times 7?', answer: '#### 42', steps: ['multiply'] },
};

/** A dataset line whose row has the fields the corpus reads (`row.steps`). */
export const DATASET_JSONL = `${JSON.stringify({ question: 'What is 6 times 7?', answer: '#### 42', steps: ['multiply'] })}\n`;

/** Markers that exist under `dir` (an attempt that escaped leaves one). */
export function markerName(a: EscapeAttempt): string {
  return `marker-${a.name}`;
}
