// The one declarative description of the recipe format (docs/recipe-format.md). Validation, hover, completion, the
// format reference (docs/recipe-format.md) and the JSON Schema are all derived from this table, so they cannot
// disagree. Paths use `*` for a user-named entry (`models.*`) and `[]` for an array element (`evaluate.*.k[]`).
import type { RefKind } from './model';

export type ValueType = 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'map' | 'array';

export interface FieldSpec {
  /** Pattern path, e.g. `models.*.baseUrl` or `evaluate.*.k[]`. */
  path: string;
  /** Accepted YAML value types; more than one for shorthand forms (e.g. a prompt string or `{system, user}`). */
  types: readonly ValueType[];
  required?: boolean;
  default?: unknown;
  /** Markdown, one to three sentences: shown on hover and in completion. */
  docs: string;
  /** Allowed values. */
  enum?: readonly (string | number)[];
  /** Further allowed string forms by prefix, e.g. `regex:` in extraction modes. */
  enumPrefixes?: readonly string[];
  min?: number;
  max?: number;
  /** When true, `min` itself is not allowed (e.g. `topP` must be above 0). */
  exclusiveMin?: boolean;
  /** The value names an entry of `models`, `datasets` or `prompts`. */
  ref?: RefKind;
  /** The value is a nunjucks prompt template. */
  template?: boolean;
  /** The value is a JavaScript regular expression (or, for extraction modes, may embed one after `regex:`). */
  regex?: boolean;
  /** For maps: a regular expression entry names must match, and what a valid name looks like. */
  keyPattern?: string;
  keyHint?: string;
}

export type PathSegment = string | number;

const EXTRACT_MODES = ['auto', 'boxed', 'gsm8k', 'answer-is', 'last-number'] as const;

function sampling(base: string, defaults: { temperature?: number; maxTokens?: number }): FieldSpec[] {
  return [
    { path: `${base}.temperature`, types: ['number'], min: 0, max: 2, default: defaults.temperature, docs: 'Sampling temperature. `0` is greedy decoding: every sample is then the same, so use it with `samples: 1`.' },
    { path: `${base}.topP`, types: ['number'], min: 0, exclusiveMin: true, max: 1, default: 1, docs: 'Nucleus sampling: only tokens within this cumulative probability are considered.' },
    { path: `${base}.maxTokens`, types: ['integer'], min: 1, default: defaults.maxTokens, docs: 'Maximum number of tokens the model may generate per sample.' },
    { path: `${base}.seed`, types: ['integer'], docs: 'Sampling seed passed to the endpoint, for servers that support reproducible sampling.' },
    { path: `${base}.stop`, types: ['string', 'array'], docs: 'Stop sequence(s): generation ends before the first one the model produces.' },
    { path: `${base}.stop[]`, types: ['string'], docs: 'A stop sequence.' },
  ];
}

function stage(base: string, task: string, extra: FieldSpec[]): FieldSpec[] {
  return [
    { path: `${base}.model`, types: ['string'], required: true, ref: 'model', docs: `The model (an entry of \`models\`) used to ${task}.` },
    { path: `${base}.prompt`, types: ['string'], required: true, ref: 'prompt', docs: `The prompt (an entry of \`prompts\`) used to ${task}.` },
    ...sampling(base, { temperature: 1, maxTokens: 1024 }),
    ...extra,
  ];
}

function grader(base: string): FieldSpec[] {
  return [
    { path: base, types: ['object'], docs: 'How a completion is graded against the gold answer.' },
    { path: `${base}.extract`, types: ['string'], enum: EXTRACT_MODES, enumPrefixes: ['regex:'], regex: true, default: 'auto', docs: 'How the final answer is extracted from a completion: `auto` tries `boxed`, `answer-is`, `gsm8k` then `last-number`; `regex:<pattern>` uses the first capture group of a regular expression.' },
    { path: `${base}.compare`, types: ['string'], enum: ['math', 'numeric', 'exact'], default: 'math', docs: '`math` compares mathematically (fractions, LaTeX, units), `numeric` compares numbers with a small tolerance, `exact` compares normalised text.' },
  ];
}

export const FIELDS: readonly FieldSpec[] = [
  { path: 'passk', types: ['integer'], required: true, enum: [1], docs: 'Recipe format version. Must be `1`.' },
  { path: 'name', types: ['string'], docs: 'Recipe name shown in reports; defaults to the file name without `.recipe.yaml`.' },
  { path: 'description', types: ['string'], docs: 'Free text describing the recipe.' },

  { path: 'models', types: ['map'], keyHint: 'a model name', docs: 'Named OpenAI-compatible endpoints that evaluations and synthesis stages refer to.' },
  { path: 'models.*', types: ['object'], docs: 'An OpenAI-compatible endpoint and how to call it.' },
  { path: 'models.*.baseUrl', types: ['string', 'array'], required: true, docs: 'Base URL of the API, e.g. `https://api.openai.com/v1` or `http://127.0.0.1:8000/v1`. A list of URLs spreads requests over replicas of the same model.' },
  { path: 'models.*.baseUrl[]', types: ['string'], docs: 'Base URL of one replica.' },
  { path: 'models.*.model', types: ['string'], required: true, docs: 'Model name sent in each request, e.g. `gpt-4-turbo` or `meta-llama/Llama-2-7b-hf`.' },
  { path: 'models.*.apiKey', types: ['string'], docs: 'API key, normally `${env:OPENAI_API_KEY}`. Never write a key into the file: it is resolved only when a request is sent.' },
  { path: 'models.*.api', types: ['string'], enum: ['chat', 'completions'], default: 'chat', docs: '`chat` calls `/chat/completions` with messages; `completions` calls `/completions` with one text prompt.' },
  { path: 'models.*.concurrency', types: ['integer'], min: 1, max: 4096, default: 8, docs: 'Maximum number of requests in flight.' },
  { path: 'models.*.rpm', types: ['integer'], min: 1, docs: 'Request rate limit, in requests per minute.' },
  { path: 'models.*.tpm', types: ['integer'], min: 1, docs: 'Token rate limit, in tokens per minute.' },
  { path: 'models.*.timeoutSeconds', types: ['number'], min: 0, exclusiveMin: true, default: 600, docs: 'Timeout of one request, in seconds.' },
  { path: 'models.*.maxRetries', types: ['integer'], min: 0, max: 100, default: 6, docs: 'Retries of a failed request (rate limits, server errors, timeouts), with backoff honouring `Retry-After`.' },
  { path: 'models.*.price', types: ['object'], docs: 'Prices in dollars per million tokens, for cost estimates.' },
  { path: 'models.*.price.inputPerMTok', types: ['number'], required: true, min: 0, docs: 'Dollars per million prompt tokens.' },
  { path: 'models.*.price.outputPerMTok', types: ['number'], required: true, min: 0, docs: 'Dollars per million completion tokens.' },
  { path: 'models.*.batch', types: ['boolean'], default: false, docs: 'Send requests through the OpenAI Batch API (half price, results within hours).' },
  { path: 'models.*.headers', types: ['map'], keyHint: 'a header name', docs: 'Extra HTTP headers sent with each request; values may use `${env:VAR}`.' },
  { path: 'models.*.headers.*', types: ['string'], docs: 'Header value.' },
  { path: 'models.*.identity', types: ['string'], docs: 'Which model the endpoint serves, for reusing stored samples. Without it the endpoint is its server origin(s), so another server gets new samples; give two endpoints (or one before and after a move) the same `identity` to declare that they serve the same weights and share samples (see docs/runs.md).' },

  { path: 'datasets', types: ['map'], keyHint: 'a dataset name', docs: 'Named problem sets: JSONL, JSON arrays, Parquet, CSV or TSV (optionally .gz or .zst), one problem a row.' },
  { path: 'datasets.*', types: ['object'], docs: 'A dataset file and which fields of its rows hold the question, id and gold answer.' },
  { path: 'datasets.*.path', types: ['string'], required: true, docs: 'Path of the dataset file, folder of shards or glob (`data/train-*.parquet`), relative to the recipe file; see [Datasets](#datasets).' },
  { path: 'datasets.*.question', types: ['string'], required: true, docs: 'Field holding the problem text, e.g. `question` (GSM8K) or `problem` (MATH).' },
  { path: 'datasets.*.id', types: ['string'], docs: 'Field holding a stable problem id; without it the 1-based line number is the id.' },
  { path: 'datasets.*.answer', types: ['object'], required: true, docs: 'Where the gold answer is and how to read it.' },
  { path: 'datasets.*.answer.field', types: ['string'], required: true, docs: 'Field holding the gold answer or solution, e.g. `answer` (GSM8K) or `solution` (MATH).' },
  { path: 'datasets.*.answer.extract', types: ['string'], enum: [...EXTRACT_MODES, 'none'], enumPrefixes: ['regex:'], regex: true, default: 'auto', docs: 'How the gold answer is extracted from the field: `gsm8k` reads after `####`, `boxed` reads the last `\\boxed{}`, `none` takes the field as it is, `regex:<pattern>` takes the first capture group.' },

  { path: 'prompts', types: ['map'], keyHint: 'a prompt name', docs: 'Named prompt templates (nunjucks, `{{ variable }}`).' },
  { path: 'prompts.*', types: ['string', 'object'], template: true, docs: 'A prompt: a string (the user message) or `{system, user}`. Variables: `question`, `id`, `row` in evaluations; `seed` in `generate`; `question` and `seed` in `verify` and `solve`.' },
  { path: 'prompts.*.system', types: ['string'], template: true, docs: 'System message template.' },
  { path: 'prompts.*.user', types: ['string'], required: true, template: true, docs: 'User message template.' },

  { path: 'synthesize', types: ['map'], keyHint: 'a pipeline name', docs: 'Named synthesis pipelines: generate new problems from seeds, verify, solve, filter and export SFT rows.' },
  { path: 'synthesize.*', types: ['object'], docs: 'A synthesis pipeline.' },
  { path: 'synthesize.*.seeds', types: ['string'], required: true, ref: 'dataset', docs: 'The dataset whose problems seed the generation.' },
  { path: 'synthesize.*.perSeed', types: ['integer'], min: 1, default: 1, docs: 'New problems generated per seed problem.' },
  { path: 'synthesize.*.count', types: ['integer'], min: 1, docs: 'Target number of accepted problems; the run stops when it is reached.' },
  { path: 'synthesize.*.generate', types: ['object'], required: true, docs: 'The stage that writes a new problem from a seed (template variable `seed`).' },
  ...stage('synthesize.*.generate', 'write new problems', [
    { path: 'synthesize.*.generate.parse', types: ['string'], regex: true, docs: 'Regular expression whose first capture group is the new problem in the completion; without it the whole completion is the problem.' },
  ]),
  { path: 'synthesize.*.verify', types: ['object'], docs: 'Optional stage that accepts or rejects each new problem (template variables `question`, `seed`).' },
  ...stage('synthesize.*.verify', 'judge new problems', [
    { path: 'synthesize.*.verify.accept', types: ['string'], required: true, regex: true, docs: 'Regular expression; a problem is kept when the verifier completion matches it.' },
  ]),
  { path: 'synthesize.*.solve', types: ['object'], required: true, docs: 'The stage that solves each new problem (template variables `question`, `seed`); the majority answer becomes the label.' },
  ...stage('synthesize.*.solve', 'solve new problems', [
    { path: 'synthesize.*.solve.samples', types: ['integer'], min: 1, default: 1, docs: 'Solutions sampled per new problem.' },
  ]),
  { path: 'synthesize.*.filters', types: ['object'], docs: 'Filters applied to the new problems before export.' },
  { path: 'synthesize.*.filters.consistency', types: ['object'], docs: 'Keep a problem only when its solutions agree enough; the majority answer becomes the label.' },
  { path: 'synthesize.*.filters.consistency.minAgreement', types: ['number'], min: 0, max: 1, default: 0.5, docs: 'Minimum share of all solutions that must give the label. A problem is kept only when one answer has a strict plurality (a tie for the most votes is rejected as inconsistent) and its share is at least this.' },
  { path: 'synthesize.*.filters.dedup', types: ['object'], docs: 'Drop near-duplicates among the new problems.' },
  { path: 'synthesize.*.filters.dedup.ngram', types: ['integer'], min: 1, default: 5, docs: 'Word n-gram size used to compare problems.' },
  { path: 'synthesize.*.filters.dedup.threshold', types: ['number'], min: 0, max: 1, default: 0.9, docs: 'Jaccard similarity above which two problems are duplicates.' },
  { path: 'synthesize.*.filters.dedup.againstSeeds', types: ['boolean'], default: true, docs: 'Also drop a new problem that nearly repeats one of the seed problems (the detail names the seed).' },
  { path: 'synthesize.*.filters.decontaminate', types: ['object'], docs: 'Drop new problems that share a long n-gram with an evaluation set.' },
  { path: 'synthesize.*.filters.decontaminate.against', types: ['array', 'string'], required: true, ref: 'dataset', docs: 'Datasets (entries of `datasets`) to decontaminate against.' },
  { path: 'synthesize.*.filters.decontaminate.against[]', types: ['string'], ref: 'dataset', docs: 'A dataset to decontaminate against.' },
  { path: 'synthesize.*.filters.decontaminate.ngram', types: ['integer'], min: 1, default: 13, docs: 'Word n-gram size; one shared n-gram marks a problem as contaminated.' },
  { path: 'synthesize.*.export', types: ['object'], docs: 'How SFT rows are written; the default is one `messages` row per problem with the raw question as the user turn.' },
  { path: 'synthesize.*.export.user', types: ['string'], enum: ['question', 'prompt'], default: 'question', docs: '`question`: the user turn is the new problem as written; `prompt`: the rendered solve prompt (its user message), as the solver saw it.' },
  { path: 'synthesize.*.export.system', types: ['string'], docs: 'A system message put first in every row.' },
  { path: 'synthesize.*.export.solutions', types: ['integer'], min: 1, default: 1, docs: 'Keep up to this many agreeing solutions per problem, each exported as its own row (at most `solve.samples`).' },
  { path: 'synthesize.*.export.maxFileMB', types: ['number'], min: 1, docs: 'Split the output into numbered parts (`out.00000.jsonl`, `out.00001.jsonl`, …) of at most this many megabytes each.' },
  { path: 'synthesize.*.output', types: ['string'], required: true, docs: 'Output path (relative to the recipe) of SFT rows `{"messages": [...], "answer": ..., "meta": {...}}`, as JSONL, or as Parquet when the path ends in `.parquet`. It must stay inside the recipe\'s folder, and an existing file there is replaced only if an earlier run of this recipe exported it unchanged (`passk synth --force` lifts both; see docs/runs.md).' },
  ...grader('synthesize.*.grader'),

  { path: 'evaluate', types: ['map'], keyHint: 'an evaluation name', docs: 'Named pass@k evaluations: a model, a dataset and a prompt, sampled `samples` times per problem.' },
  { path: 'evaluate.*', types: ['object'], docs: 'A pass@k evaluation.' },
  { path: 'evaluate.*.model', types: ['string'], ref: 'model', docs: 'The model (an entry of `models`) to evaluate; required unless the evaluation has a `series`.' },
  { path: 'evaluate.*.dataset', types: ['string'], required: true, ref: 'dataset', docs: 'The dataset (an entry of `datasets`) to evaluate on.' },
  { path: 'evaluate.*.prompt', types: ['string'], required: true, ref: 'prompt', docs: 'The prompt (an entry of `prompts`); template variables `question`, `id` and `row`.' },
  { path: 'evaluate.*.samples', types: ['integer'], min: 1, max: 100000, default: 1, docs: 'Completions sampled per problem (n in pass@k).' },
  ...sampling('evaluate.*', { temperature: 1, maxTokens: 1024 }),
  { path: 'evaluate.*.k', types: ['array', 'integer'], default: [1], docs: 'The k values of pass@k and maj@k to report; each at most `samples`.' },
  { path: 'evaluate.*.k[]', types: ['integer'], min: 1, docs: 'A k of pass@k.' },
  ...grader('evaluate.*.grader'),
  { path: 'evaluate.*.expect', types: ['map'], keyPattern: '^(pass|maj)@[1-9][0-9]*$', keyHint: '`pass@K` or `maj@K`', docs: 'Expected minimum figures, e.g. `{ pass@1: 0.40 }`; a run that falls below gets a warning.' },
  { path: 'evaluate.*.expect.*', types: ['number'], min: 0, max: 1, docs: 'Minimum expected value, a fraction in [0, 1].' },
  { path: 'evaluate.*.limit', types: ['integer'], min: 1, docs: 'Evaluate only the first N problems of the dataset (handy while iterating); applied after `where` and `sample`.' },
  { path: 'evaluate.*.where', types: ['map'], keyHint: 'a field of the dataset rows', docs: 'Evaluate only the rows whose fields have the given values, e.g. `{ type: Algebra, level: [Level 4, Level 5] }`; a list means any of its values, and every field must match.' },
  { path: 'evaluate.*.where.*', types: ['string', 'number', 'boolean', 'array'], docs: 'The value (or list of values) the row field must have; numbers and text match when they print the same.' },
  { path: 'evaluate.*.where.*[]', types: ['string', 'number', 'boolean'], docs: 'One allowed value of the row field.' },
  { path: 'evaluate.*.sample', types: ['object'], docs: 'Evaluate a random subset of the problems (after `where`): the same `seed` always picks the same problems, whatever order the file lists them in.' },
  { path: 'evaluate.*.sample.n', types: ['integer'], required: true, min: 1, docs: 'How many problems to pick; all of them when the dataset has fewer.' },
  { path: 'evaluate.*.sample.seed', types: ['integer'], default: 0, docs: 'Which random subset: another seed picks other problems.' },
  { path: 'evaluate.*.groupBy', types: ['array', 'string'], docs: 'Row fields to break the figures down by, e.g. `[type, level]`: the summary (`groups`), the report and the hover get one table per field with pass@k and maj@k per value.' },
  { path: 'evaluate.*.groupBy[]', types: ['string'], docs: 'A row field to break the figures down by.' },
  { path: 'evaluate.*.series', types: ['object'], docs: 'Evaluate a series of models (checkpoints) on the same problems, each labelled with a value such as its SFT data size; the report charts pass@1, pass@N and maj@N against the value on a log scale.' },
  { path: 'evaluate.*.series.label', types: ['string'], required: true, docs: 'What the values measure, e.g. `SFT problems`: the x axis of the chart.' },
  { path: 'evaluate.*.series.models', types: ['array'], required: true, docs: 'The checkpoints, each `{model, value}`, evaluated one after another.' },
  { path: 'evaluate.*.series.models[]', types: ['object'], docs: 'One checkpoint of the series.' },
  { path: 'evaluate.*.series.models[].model', types: ['string'], required: true, ref: 'model', docs: 'The model (an entry of `models`) of this checkpoint.' },
  { path: 'evaluate.*.series.models[].value', types: ['number'], required: true, min: 0, exclusiveMin: true, docs: 'The checkpoint\'s value on the x axis, e.g. its SFT data size; above 0 for the log scale.' },
  { path: 'evaluate.*.fewShot', types: ['object'], docs: 'Worked examples for the prompt, drawn from a dataset: the template gets `examples`, a list of `{question, answer, id, row}`. Examples are never evaluated problems (same id in the same file, or the same question text).' },
  { path: 'evaluate.*.fewShot.dataset', types: ['string'], required: true, ref: 'dataset', docs: 'The dataset (an entry of `datasets`) the examples come from, e.g. a train split.' },
  { path: 'evaluate.*.fewShot.n', types: ['integer'], required: true, min: 1, max: 64, docs: 'How many examples.' },
  { path: 'evaluate.*.fewShot.seed', types: ['integer'], default: 0, docs: 'Which examples: another seed draws others.' },
];

const bySegments = FIELDS.map((f) => ({ spec: f, segs: splitPattern(f.path) }));

/** `evaluate.*.k[]` → ['evaluate', '*', 'k', '[]']. */
export function splitPattern(pattern: string): string[] {
  const out: string[] = [];
  for (const part of pattern.split('.')) {
    if (part.endsWith('[]')) {
      out.push(part.slice(0, -2), '[]');
    } else out.push(part);
  }
  return out;
}

function segMatches(pat: string, seg: PathSegment): boolean {
  if (pat === '[]') return typeof seg === 'number';
  if (typeof seg === 'number') return false;
  return pat === '*' || pat === seg;
}

function matches(segs: readonly string[], path: readonly PathSegment[]): boolean {
  if (segs.length !== path.length) return false;
  // A literal key wins over `*` at the same place, but the table has no such overlap, so any match will do.
  return segs.every((s, i) => segMatches(s, path[i]!));
}

/** The field at a concrete document path, e.g. `['models', 'teacher', 'baseUrl']`; undefined when unknown. */
export function fieldAt(path: readonly PathSegment[]): FieldSpec | undefined {
  return memo(fieldAtCache, path, () => bySegments.find((f) => matches(f.segs, path))?.spec);
}

// The lookups below scan the whole table; the structure check asks them for every key of every entry, so
// their answers are remembered per path *shape*: each segment the table matches with `*` (an entry name the user
// chose) becomes `*` in the key and every array index `[]`, so a recipe of thousands of entries shares a few
// hundred keys instead of filling the caches with one key per entry. Paths the table does not know keep their
// own segments past the point where they leave it; the caches are cleared when full, so typos cannot grow them.
const MEMO_LIMIT = 20000;
const fieldAtCache = new Map<string, FieldSpec | undefined>();
const childFieldsCache = new Map<string, FieldSpec[]>();
const entryFieldCache = new Map<string, FieldSpec | undefined>();

/** The table's patterns as a trie of segments, to find which segments of a path a `*` matches. */
interface ShapeNode {
  literal: Map<string, ShapeNode>;
  wildcard?: ShapeNode;
  array?: ShapeNode;
}
const shapes: ShapeNode = { literal: new Map() };
for (const { segs } of bySegments) {
  let node = shapes;
  for (const seg of segs) {
    if (seg === '*') node = node.wildcard ??= { literal: new Map() };
    else if (seg === '[]') node = node.array ??= { literal: new Map() };
    else {
      let next = node.literal.get(seg);
      if (!next) node.literal.set(seg, (next = { literal: new Map() }));
      node = next;
    }
  }
}

/** The memo key of `path`: its shape as far as the table reaches, then its own segments. */
function shapeKey(path: readonly PathSegment[]): string {
  let key = '';
  let node: ShapeNode | undefined = shapes;
  for (const seg of path) {
    let part: string;
    if (typeof seg === 'number') {
      part = '[]';
      node = node?.array;
    } else if (node?.literal.has(seg)) {
      part = `.${seg}`;
      node = node.literal.get(seg);
    } else if (node?.wildcard) {
      part = '*';
      node = node.wildcard;
    } else {
      part = `.${seg}`;
      node = undefined;
    }
    key += `\u0001${part}`;
  }
  return key;
}

function memo<T>(cache: Map<string, T>, path: readonly PathSegment[], compute: () => T): T {
  const key = shapeKey(path);
  if (cache.has(key)) return cache.get(key)!;
  const value = compute();
  if (cache.size >= MEMO_LIMIT) cache.clear();
  cache.set(key, value);
  return value;
}

/**
 * The fields directly under `path` that have fixed key names (what completion offers as keys), in table
 * order. For a map (e.g. `['models']`) this is empty, because its keys are names the user chooses; use
 * `entryField` for the spec of such entries.
 */
export function childFields(path: readonly PathSegment[]): FieldSpec[] {
  // A copy, so a caller that sorts or filters its list in place cannot change the remembered one.
  return [
    ...memo(childFieldsCache, path, () =>
      bySegments
        .filter((f) => f.segs.length === path.length + 1 && matches(f.segs.slice(0, -1), path) && f.segs[path.length] !== '*' && f.segs[path.length] !== '[]')
        .map((f) => f.spec),
    ),
  ];
}

/** The spec of the user-named entries (`*`) or array elements (`[]`) under `path`, if it is a map or array. */
export function entryField(path: readonly PathSegment[]): FieldSpec | undefined {
  return memo(entryFieldCache, path, () => bySegments.find((f) => f.segs.length === path.length + 1 && matches(f.segs.slice(0, -1), path) && (f.segs[path.length] === '*' || f.segs[path.length] === '[]'))?.spec);
}

/** The last key of a field path, e.g. `baseUrl` for `models.*.baseUrl`. */
export function fieldKey(spec: FieldSpec): string {
  let key = fieldKeys.get(spec);
  if (key === undefined) {
    const segs = splitPattern(spec.path);
    key = segs[segs.length - 1]!;
    fieldKeys.set(spec, key);
  }
  return key;
}

/** Last keys by spec object; specs are long-lived table rows (or a caller's own object, held weakly). */
const fieldKeys = new WeakMap<FieldSpec, string>();

/** True when `value` is one of the spec's enum values or starts with one of its prefixes. */
export function enumAllows(spec: FieldSpec, value: unknown): boolean {
  if (!spec.enum) return true;
  if (spec.enum.includes(value as string | number)) return true;
  return typeof value === 'string' && (spec.enumPrefixes ?? []).some((p) => value.startsWith(p));
}
