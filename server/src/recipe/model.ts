// The typed recipe document (docs/recipe-format.md). Every value the user wrote keeps its source span, so validation,
// hover, go-to-definition, rename and run results can all point back at the exact text. This file is the
// contract between the recipe parser/validator and everything that consumes recipes (LSP, CLI, runs,
// synthesis); it holds types only.
import type { Span } from '../problems/problem';

/** A value together with where it was written. `span` covers the value node; `keySpan` the key before it. */
export interface Located<T> {
  value: T;
  span: Span;
  keySpan?: Span;
}

/** A named entry of `models`, `datasets`, `prompts`, `synthesize` or `evaluate`. */
export interface Named {
  name: string;
  /** Span of the entry's key (where go-to-definition lands and rename edits). */
  nameSpan: Span;
  /** Span of the entry's whole value node. */
  span: Span;
}

export type SectionKind = 'models' | 'datasets' | 'prompts' | 'synthesize' | 'evaluate';
export type RefKind = 'model' | 'dataset' | 'prompt';

/** One place where a recipe names a model, dataset or prompt; `target` is undefined when the name is unknown. */
export interface Reference {
  kind: RefKind;
  name: string;
  span: Span;
  target?: Named;
}

export interface ModelDef extends Named {
  /** One or more base URLs (data-parallel replicas of the same model); `${env:…}` already resolved. */
  baseUrls: string[];
  model: string;
  /**
   * The apiKey as written (e.g. `${env:OPENAI_API_KEY}`), never resolved here: keys are resolved only at request
   * time by the sampling layer, so no recipe object that might be logged or serialised ever holds a secret.
   */
  apiKeyTemplate?: string;
  api: 'chat' | 'completions';
  concurrency: number;
  rpm?: number;
  tpm?: number;
  timeoutSeconds: number;
  maxRetries: number;
  price?: { inputPerMTok: number; outputPerMTok: number };
  /** Use the OpenAI Batch API (half price, hours of latency). */
  batch: boolean;
  /** Extra request headers (values may use `${env:…}`, resolved at request time like apiKey). */
  headers: Record<string, string>;
  /**
   * The endpoint identity the user declared (`identity:`): samples stored under it are reused by any endpoint
   * declaring the same string. Absent, the endpoint is identified by its server origins (docs/runs.md).
   */
  identity?: string;
}

export interface AnswerSpec {
  field: string;
  /** auto | boxed | gsm8k | answer-is | last-number | none | regex:<pattern> */
  extract: string;
}

export interface DatasetDef extends Named {
  /** Absolute path, resolved against the recipe's folder. */
  path: string;
  pathSpan: Span;
  question: string;
  id?: string;
  answer: AnswerSpec;
}

/**
 * A template string with the mapping from template offsets back to recipe offsets. It is plain data (no
 * functions), so a parsed recipe can be sent from the analysis worker to the server's main thread as it is;
 * `docOffset` and `docSpan` in server/src/template/template-source.ts read the mapping.
 */
export interface TemplateSource {
  /** The template text after YAML unescaping. */
  source: string;
  /** Span of the YAML scalar holding the template. */
  span: Span;
  map: TemplateOffsetMap;
}

/**
 * How template offsets map to recipe offsets: a shift for a scalar written exactly as its value (most prompts);
 * the scalar's raw text, from which a per-character table is rebuilt on first use, for one with escapes, folds or
 * block indentation; or that table itself, for a template that is not inside YAML at all.
 */
export type TemplateOffsetMap =
  | { kind: 'shift'; contentStart: number }
  | { kind: 'scalar'; style: 'PLAIN' | 'QUOTE_SINGLE' | 'QUOTE_DOUBLE' | 'BLOCK_LITERAL' | 'BLOCK_FOLDED'; raw: string; rawStart: number; start: number; end: number }
  | { kind: 'table'; starts: number[]; ends: number[]; contentEnd: number };

export interface PromptDef extends Named {
  system?: TemplateSource;
  user: TemplateSource;
}

export interface GraderSpec {
  /** auto | boxed | gsm8k | answer-is | last-number | regex:<pattern> */
  extract: string;
  compare: 'math' | 'numeric' | 'exact';
}

export interface SamplingParams {
  temperature: number;
  topP: number;
  maxTokens: number;
  seed?: number;
  stop?: string[];
}

export interface EvalDef extends Named, SamplingParams {
  model: Reference;
  dataset: Reference;
  prompt: Reference;
  samples: number;
  k: number[];
  grader: GraderSpec;
  /** e.g. { 'pass@1': 0.4 } — a warning diagnostic when a run falls below. */
  expect: Record<string, number>;
  /** Evaluate only the first N problems (handy while iterating), after `where` and `sample`. */
  limit?: number;
  /** Row field → allowed values; a row is evaluated when every field has one of its values. */
  where?: Record<string, Array<string | number | boolean>>;
  /** A seeded random subset of `n` problems. */
  sample?: { n: number; seed: number };
  /** Row fields the figures are broken down by. */
  groupBy?: string[];
  /** Where `groupBy` is written, key to value (its hover shows the latest run's breakdowns). */
  groupBySpan?: Span;
  /** Checkpoints evaluated in turn on the same problems, each with its value on the chart's x axis. */
  series?: { label: string; points: { model: Reference; value: number }[] };
  /** Worked examples drawn from a dataset, for the template's `examples`. */
  fewShot?: { dataset: Reference; n: number; seed: number };
}

export interface StageDef extends Partial<SamplingParams> {
  model: Reference;
  prompt: Reference;
  span: Span;
}

export interface SynthDef extends Named {
  seeds: Reference;
  perSeed: number;
  count?: number;
  generate: StageDef & { parse?: string };
  verify?: StageDef & { accept: string };
  solve: StageDef & { samples: number };
  filters: {
    consistency?: { minAgreement: number };
    /** `againstSeeds`: a new problem that nearly repeats a seed problem is a duplicate too. */
    dedup?: { ngram: number; threshold: number; againstSeeds: boolean };
    decontaminate?: { against: Reference[]; ngram: number };
  };
  /** How SFT rows are written (docs/recipe-format.md, "Export"); absent means the defaults. */
  export?: SynthExportDef;
  /** Absolute output path of the SFT JSONL. */
  output: string;
  grader: GraderSpec;
}

export interface SynthExportDef {
  /** The user turn: the new problem as written (`question`) or the rendered solve prompt (`prompt`). */
  user: 'question' | 'prompt';
  /** A system message put first in every row. */
  system?: string;
  /** Up to this many agreeing solutions per problem, each its own row. */
  solutions: number;
  /** Split the output into numbered parts of at most this many megabytes. */
  maxFileMB?: number;
}

export interface RecipeDoc {
  /** Absolute path of the recipe file. */
  file: string;
  /** Folder that relative paths resolve against. */
  dir: string;
  text: string;
  version?: number;
  name: string;
  description?: string;
  models: Map<string, ModelDef>;
  datasets: Map<string, DatasetDef>;
  prompts: Map<string, PromptDef>;
  synthesize: Map<string, SynthDef>;
  evaluate: Map<string, EvalDef>;
  /** Every reference in the file, resolved or not (go-to-definition, find references, rename). */
  references: Reference[];
}
