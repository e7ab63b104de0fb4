// Builds the typed RecipeDoc (model.ts) from the YAML tree. It is lenient on purpose: the structure check has
// already reported every bad value, so here a missing or mistyped value simply takes its default from the
// field table, and consumers always get a complete document to work with, even while the user is typing.
import * as path from 'node:path';
import type { Node, Scalar, YAMLMap } from 'yaml';
import { resolveEnv, type EnvMap } from '../text/env';
import type { Span } from '../problems/problem';
import { scalarTemplateSource, type ScalarStyle } from '../template/template-source';
import { fieldAt, type PathSegment } from './fields';
import type {
  DatasetDef, EvalDef, GraderSpec, Located, ModelDef, PromptDef, RecipeDoc, Reference, RefKind, SamplingParams, StageDef, SynthDef, TemplateSource,
} from './model';
import { deref, entries, isMap, isScalar, isSeq, type Entry, type YDoc } from './yaml-tree';

/** The table default of a field pattern; the single source of defaults. */
function dflt<T>(pattern: string): T {
  // Looked up for every entry of a large recipe, always with one of a few dozen literal patterns.
  if (!defaults.has(pattern)) defaults.set(pattern, fieldAt(pattern.split('.').map((s) => (s === '*' ? '_' : s)) as PathSegment[])?.default);
  return defaults.get(pattern) as T;
}
const defaults = new Map<string, unknown>();

/** A mapping node's entries by key (first occurrence wins, as the duplicate-key problem says). */
class Obj {
  readonly byKey = new Map<string, Entry>();
  constructor(
    readonly node: YAMLMap | null,
    private readonly b: DocBuilder,
    readonly keySpan: Span,
    readonly span: Span,
  ) {
    if (node) for (const e of entries(node, undefined)) this.byKey.set(e.key, e);
  }
  node_(key: string): Node | null {
    return deref(this.byKey.get(key)?.value ?? null, this.b.doc);
  }
  obj(key: string): Obj {
    const e = this.byKey.get(key);
    const n = this.node_(key);
    const keySpan = e?.keySpan ?? this.keySpan;
    return new Obj(isMap(n) ? n : null, this.b, keySpan, e?.valueSpan ?? keySpan);
  }
  has(key: string): boolean {
    return this.byKey.has(key);
  }
  str(key: string): Located<string> | undefined {
    const e = this.byKey.get(key);
    const n = this.node_(key);
    if (!e || !isScalar(n) || typeof n.value !== 'string') return undefined;
    return { value: n.value, span: e.valueSpan, keySpan: e.keySpan };
  }
  num(key: string): Located<number> | undefined {
    const e = this.byKey.get(key);
    const n = this.node_(key);
    if (!e || !isScalar(n) || typeof n.value !== 'number' || !Number.isFinite(n.value)) return undefined;
    return { value: n.value, span: e.valueSpan, keySpan: e.keySpan };
  }
  bool(key: string): boolean | undefined {
    const n = this.node_(key);
    return isScalar(n) && typeof n.value === 'boolean' ? n.value : undefined;
  }
  /** A string or a list of strings, as located values. */
  strings(key: string): Located<string>[] {
    const n = this.node_(key);
    if (isScalar(n) && typeof n.value === 'string') return [this.str(key)!];
    if (!isSeq(n)) return [];
    const out: Located<string>[] = [];
    for (const it of n.items) {
      const x = deref(it as Node, this.b.doc);
      if (isScalar(x) && typeof x.value === 'string' && x.range) out.push({ value: x.value, span: { start: x.range[0], end: x.range[1] } });
    }
    return out;
  }
  /** The named entries of a section mapping. */
  named(): { name: string; obj: Obj; entry: Entry }[] {
    return [...this.byKey.values()].map((e) => {
      const n = deref(e.value, this.b.doc);
      return { name: e.key, obj: new Obj(isMap(n) ? n : null, this.b, e.keySpan, e.valueSpan), entry: e };
    });
  }
}

class DocBuilder {
  readonly references: Reference[] = [];
  constructor(
    readonly doc: YDoc,
    readonly text: string,
    readonly dir: string,
    readonly env: EnvMap,
  ) {}

  ref(kind: RefKind, o: Obj, key: string): Reference {
    const s = o.str(key);
    if (!s) return { kind, name: '', span: o.keySpan };
    const r: Reference = { kind, name: s.value, span: s.span };
    this.references.push(r);
    return r;
  }

  refs(kind: RefKind, o: Obj, key: string): Reference[] {
    return o.strings(key).map((s) => {
      const r: Reference = { kind, name: s.value, span: s.span };
      this.references.push(r);
      return r;
    });
  }

  /** Resolves `${env:…}` and makes the path absolute against the recipe's folder. */
  filePath(value: string | undefined): string {
    if (!value) return '';
    return path.resolve(this.dir, resolveEnv(value, this.env).value);
  }

  template(node: Node | null): TemplateSource | undefined {
    if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return undefined;
    const style = (node.type ?? 'PLAIN') as ScalarStyle;
    return scalarTemplateSource(this.text, node.range[0], node.range[1], style, node.value);
  }

  sampling(o: Obj): Partial<SamplingParams> {
    const p: Partial<SamplingParams> = {};
    const t = o.num('temperature');
    if (t) p.temperature = t.value;
    const tp = o.num('topP');
    if (tp) p.topP = tp.value;
    const mt = o.num('maxTokens');
    if (mt) p.maxTokens = mt.value;
    const sd = o.num('seed');
    if (sd) p.seed = sd.value;
    const stop = o.strings('stop').map((s) => s.value);
    if (stop.length) p.stop = stop;
    return p;
  }

  grader(o: Obj, base: string): GraderSpec {
    const compare = o.str('compare')?.value;
    return {
      extract: o.str('extract')?.value ?? dflt<string>(`${base}.extract`),
      compare: compare === 'math' || compare === 'numeric' || compare === 'exact' ? compare : dflt<GraderSpec['compare']>(`${base}.compare`),
    };
  }

  model(name: string, o: Obj): ModelDef {
    const price = o.obj('price');
    const inP = price.num('inputPerMTok');
    const outP = price.num('outputPerMTok');
    const headers: Record<string, string> = {};
    for (const h of o.obj('headers').named()) {
      const n = deref(h.entry.value, this.doc);
      if (isScalar(n) && typeof n.value === 'string') headers[h.name] = n.value;
    }
    const api = o.str('api')?.value;
    const def: ModelDef = {
      name, nameSpan: o.keySpan, span: o.span,
      baseUrls: o.strings('baseUrl').map((s) => resolveEnv(s.value, this.env).value),
      model: resolveEnv(o.str('model')?.value ?? '', this.env).value,
      api: api === 'completions' ? 'completions' : 'chat',
      concurrency: o.num('concurrency')?.value ?? dflt<number>('models.*.concurrency'),
      timeoutSeconds: o.num('timeoutSeconds')?.value ?? dflt<number>('models.*.timeoutSeconds'),
      maxRetries: o.num('maxRetries')?.value ?? dflt<number>('models.*.maxRetries'),
      batch: o.bool('batch') ?? dflt<boolean>('models.*.batch'),
      headers,
    };
    const key = o.str('apiKey');
    if (key) def.apiKeyTemplate = key.value;
    const identity = o.str('identity')?.value.trim();
    if (identity) def.identity = identity;
    const rpm = o.num('rpm');
    if (rpm) def.rpm = rpm.value;
    const tpm = o.num('tpm');
    if (tpm) def.tpm = tpm.value;
    if (inP && outP) def.price = { inputPerMTok: inP.value, outputPerMTok: outP.value };
    return def;
  }

  dataset(name: string, o: Obj): DatasetDef {
    const p = o.str('path');
    const answer = o.obj('answer');
    const def: DatasetDef = {
      name, nameSpan: o.keySpan, span: o.span,
      path: this.filePath(p?.value),
      pathSpan: p?.span ?? o.keySpan,
      question: o.str('question')?.value ?? 'question',
      answer: { field: answer.str('field')?.value ?? 'answer', extract: answer.str('extract')?.value ?? dflt<string>('datasets.*.answer.extract') },
    };
    const id = o.str('id');
    if (id) def.id = id.value;
    return def;
  }

  prompt(name: string, entry: Entry, o: Obj): PromptDef {
    const n = deref(entry.value, this.doc);
    const whole = this.template(n);
    if (whole) return { name, nameSpan: entry.keySpan, span: entry.valueSpan, user: whole };
    const user = this.template(o.node_('user'));
    const system = this.template(o.node_('system'));
    const empty = scalarTemplateSource(this.text, entry.valueSpan.start, entry.valueSpan.start, 'PLAIN', '');
    const def: PromptDef = { name, nameSpan: entry.keySpan, span: entry.valueSpan, user: user ?? empty };
    if (system) def.system = system;
    // A prompt of the wrong type (already reported) still exists, so references to it are not also flagged.
    return def;
  }

  stage(o: Obj): StageDef {
    return { model: this.ref('model', o, 'model'), prompt: this.ref('prompt', o, 'prompt'), span: o.span, ...this.sampling(o) };
  }

  synth(name: string, o: Obj): SynthDef {
    const gen = o.obj('generate');
    const ver = o.obj('verify');
    const sol = o.obj('solve');
    const f = o.obj('filters');
    const cons = f.obj('consistency');
    const dedup = f.obj('dedup');
    const decon = f.obj('decontaminate');
    const def: SynthDef = {
      name, nameSpan: o.keySpan, span: o.span,
      seeds: this.ref('dataset', o, 'seeds'),
      perSeed: o.num('perSeed')?.value ?? dflt<number>('synthesize.*.perSeed'),
      generate: this.stage(gen),
      solve: { ...this.stage(sol), samples: sol.num('samples')?.value ?? dflt<number>('synthesize.*.solve.samples') },
      filters: {},
      output: this.filePath(o.str('output')?.value),
      grader: this.grader(o.obj('grader'), 'synthesize.*.grader'),
    };
    const parse = gen.str('parse');
    if (parse) def.generate.parse = parse.value;
    if (o.has('verify')) def.verify = { ...this.stage(ver), accept: ver.str('accept')?.value ?? '' };
    const count = o.num('count');
    if (count) def.count = count.value;
    if (f.has('consistency')) def.filters.consistency = { minAgreement: cons.num('minAgreement')?.value ?? dflt<number>('synthesize.*.filters.consistency.minAgreement') };
    if (f.has('dedup')) {
      def.filters.dedup = {
        ngram: dedup.num('ngram')?.value ?? dflt<number>('synthesize.*.filters.dedup.ngram'),
        threshold: dedup.num('threshold')?.value ?? dflt<number>('synthesize.*.filters.dedup.threshold'),
        againstSeeds: dedup.bool('againstSeeds') ?? dflt<boolean>('synthesize.*.filters.dedup.againstSeeds'),
      };
    }
    if (o.has('export')) {
      const x = o.obj('export');
      const user = x.str('user')?.value;
      const system = x.str('system')?.value;
      const maxFileMB = x.num('maxFileMB')?.value;
      def.export = {
        user: user === 'prompt' ? 'prompt' : 'question',
        solutions: x.num('solutions')?.value ?? dflt<number>('synthesize.*.export.solutions'),
        ...(system ? { system } : {}),
        ...(maxFileMB !== undefined ? { maxFileMB } : {}),
      };
    }
    if (f.has('decontaminate')) {
      def.filters.decontaminate = { against: this.refs('dataset', decon, 'against'), ngram: decon.num('ngram')?.value ?? dflt<number>('synthesize.*.filters.decontaminate.ngram') };
    }
    return def;
  }

  evaluation(name: string, o: Obj): EvalDef {
    const samples = o.num('samples')?.value ?? dflt<number>('evaluate.*.samples');
    const kNode = o.node_('k');
    let k: number[] = dflt<number[]>('evaluate.*.k');
    if (isScalar(kNode) && typeof kNode.value === 'number') k = [kNode.value];
    else if (isSeq(kNode)) {
      k = kNode.items.map((it) => deref(it as Node, this.doc)).flatMap((x) => (isScalar(x) && typeof x.value === 'number' ? [x.value] : []));
    }
    const expect: Record<string, number> = {};
    for (const e of o.obj('expect').named()) {
      const n = deref(e.entry.value, this.doc);
      if (isScalar(n) && typeof n.value === 'number') expect[e.name] = n.value;
    }
    const s = this.sampling(o);
    const def: EvalDef = {
      name, nameSpan: o.keySpan, span: o.span,
      model: this.ref('model', o, 'model'),
      dataset: this.ref('dataset', o, 'dataset'),
      prompt: this.ref('prompt', o, 'prompt'),
      samples,
      temperature: s.temperature ?? dflt<number>('evaluate.*.temperature'),
      topP: s.topP ?? dflt<number>('evaluate.*.topP'),
      maxTokens: s.maxTokens ?? dflt<number>('evaluate.*.maxTokens'),
      k,
      grader: this.grader(o.obj('grader'), 'evaluate.*.grader'),
      expect,
    };
    if (s.seed !== undefined) def.seed = s.seed;
    if (s.stop) def.stop = s.stop;
    const limit = o.num('limit');
    if (limit) def.limit = limit.value;
    this.subset(o, def);
    return def;
  }

  /** `where`, `sample`, `groupBy` and `fewShot` of an evaluation (docs/recipe-format.md). */
  subset(o: Obj, def: EvalDef): void {
    if (o.has('where')) {
      const where: Record<string, Array<string | number | boolean>> = {};
      const scalar = (n: Node | null): n is Scalar<string | number | boolean> => isScalar(n) && ['string', 'number', 'boolean'].includes(typeof n.value);
      for (const e of o.obj('where').named()) {
        const n = deref(e.entry.value, this.doc);
        if (scalar(n)) where[e.name] = [n.value];
        else if (isSeq(n)) where[e.name] = n.items.map((it) => deref(it as Node, this.doc)).filter(scalar).map((x) => x.value);
      }
      def.where = where;
    }
    if (o.has('sample')) {
      const s = o.obj('sample');
      const n = s.num('n');
      if (n) def.sample = { n: n.value, seed: s.num('seed')?.value ?? dflt<number>('evaluate.*.sample.seed') };
    }
    const groupBy = o.strings('groupBy').map((s) => s.value);
    if (groupBy.length) def.groupBy = groupBy;
    const g = o.byKey.get('groupBy');
    if (g) def.groupBySpan = { start: g.keySpan.start, end: g.valueSpan.end };
    if (o.has('series')) {
      const s = o.obj('series');
      const models = s.node_('models');
      const points = isSeq(models)
        ? models.items.map((it) => deref(it as Node, this.doc)).filter((n): n is YAMLMap => isMap(n)).map((n) => {
          const p = new Obj(n, this, s.keySpan, n.range ? { start: n.range[0], end: n.range[1] } : s.span);
          return { model: this.ref('model', p, 'model'), value: p.num('value')?.value ?? 1 };
        })
        : [];
      def.series = { label: s.str('label')?.value ?? '', points };
    }
    if (o.has('fewShot')) {
      const f = o.obj('fewShot');
      const n = f.num('n');
      def.fewShot = { dataset: this.ref('dataset', f, 'dataset'), n: n?.value ?? 1, seed: f.num('seed')?.value ?? dflt<number>('evaluate.*.fewShot.seed') };
    }
  }
}

/**
 * An evaluation is built from its own entry alone (no environment, no other entries), and a large recipe is
 * mostly evaluations, so the built definition is remembered by the entry's value node: the incremental parser
 * hands back the same node objects for entries whose text did not change, moved in place. A hit returns a
 * copy moved by the same distance, with fresh references (their targets are resolved per version).
 */
interface BuiltEvaluation {
  name: string;
  start: number;
  def: EvalDef;
  /** Which of the definition's references `ref` recorded (an empty name is not recorded). */
  recorded: Reference[];
}
const evaluations = new WeakMap<Node, BuiltEvaluation>();

function evaluationOf(b: DocBuilder, name: string, o: Obj, entry: Entry): EvalDef {
  const node = o.node && o.node.range && entry.value === o.node ? o.node : null;
  const hit = node ? evaluations.get(node) : undefined;
  if (node && hit && hit.name === name) {
    const d = node.range![0] - hit.start;
    const at = (s: Span): Span => ({ start: s.start + d, end: s.end + d });
    const ref = (r: Reference): Reference => {
      const copy: Reference = { kind: r.kind, name: r.name, span: at(r.span) };
      if (hit.recorded.includes(r)) b.references.push(copy);
      return copy;
    };
    const old = hit.def;
    const def: EvalDef = {
      ...old, nameSpan: at(old.nameSpan), span: at(old.span),
      model: ref(old.model), dataset: ref(old.dataset), prompt: ref(old.prompt),
      k: [...old.k], grader: { ...old.grader }, expect: { ...old.expect },
    };
    if (old.stop) def.stop = [...old.stop];
    if (old.fewShot) def.fewShot = { ...old.fewShot, dataset: ref(old.fewShot.dataset) };
    if (old.groupBySpan) def.groupBySpan = at(old.groupBySpan);
    if (old.series) def.series = { label: old.series.label, points: old.series.points.map((p) => ({ model: ref(p.model), value: p.value })) };
    return def;
  }
  const before = b.references.length;
  const def = b.evaluation(name, o);
  if (node) {
    // The remembered definition keeps its own reference objects, untouched by target resolution below.
    const recorded = b.references.slice(before);
    const own = (r: Reference): Reference => ({ kind: r.kind, name: r.name, span: r.span });
    const copies = new Map(recorded.map((r) => [r, own(r)] as const));
    const pick = (r: Reference) => copies.get(r) ?? own(r);
    const kept: EvalDef = { ...def, model: pick(def.model), dataset: pick(def.dataset), prompt: pick(def.prompt), k: [...def.k], grader: { ...def.grader }, expect: { ...def.expect } };
    if (def.stop) kept.stop = [...def.stop];
    if (def.fewShot) kept.fewShot = { ...def.fewShot, dataset: pick(def.fewShot.dataset) };
    if (def.series) kept.series = { label: def.series.label, points: def.series.points.map((p) => ({ model: pick(p.model), value: p.value })) };
    evaluations.set(node, { name, start: node.range![0], def: kept, recorded: [...copies.values()] });
  }
  return def;
}

/** Builds the RecipeDoc; references are resolved against the document's own entries. */
export function buildDoc(doc: YDoc, text: string, file: string, env: EnvMap): RecipeDoc {
  const dir = path.dirname(file);
  const b = new DocBuilder(doc, text, dir, env);
  const rootNode = deref(doc.contents as Node | null, doc);
  const root = new Obj(isMap(rootNode) ? rootNode : null, b, { start: 0, end: 0 }, { start: 0, end: text.length });
  const base = path.basename(file).replace(/\.recipe\.ya?ml$|\.ya?ml$/, '');
  const recipe: RecipeDoc = {
    file, dir, text,
    name: root.str('name')?.value ?? base,
    models: new Map(), datasets: new Map(), prompts: new Map(), synthesize: new Map(), evaluate: new Map(),
    references: b.references,
  };
  const version = root.num('passk');
  if (version) recipe.version = version.value;
  const description = root.str('description');
  if (description) recipe.description = description.value;
  for (const e of root.obj('models').named()) recipe.models.set(e.name, b.model(e.name, e.obj));
  for (const e of root.obj('datasets').named()) recipe.datasets.set(e.name, b.dataset(e.name, e.obj));
  for (const e of root.obj('prompts').named()) {
    recipe.prompts.set(e.name, b.prompt(e.name, e.entry, e.obj));
  }
  for (const e of root.obj('synthesize').named()) recipe.synthesize.set(e.name, b.synth(e.name, e.obj));
  for (const e of root.obj('evaluate').named()) recipe.evaluate.set(e.name, evaluationOf(b, e.name, e.obj, e.entry));
  for (const r of b.references) {
    const target = r.kind === 'model' ? recipe.models.get(r.name) : r.kind === 'dataset' ? recipe.datasets.get(r.name) : recipe.prompts.get(r.name);
    if (target) r.target = target;
  }
  return recipe;
}
