// The incremental parser must give exactly the tree a whole-document parse gives (every node's kind, value,
// scalar style and value range), on the example recipes, a generated 2 000-line recipe and thousands of random
// single-line edits of them applied one after another to the same parser, so pieces reused from earlier
// versions are shifted to new offsets. It must also really reuse pieces: an edit of one entry re-parses one
// piece, and texts it cannot cut fall back to the whole parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, Pair, type Node } from 'yaml';
import { analyzeRecipe } from '../../../server/src/recipe/analyze';
import { IncrementalParser } from '../../../server/src/recipe/incremental-parse';
import type { TemplateSource } from '../../../server/src/recipe/model';
import { docSpan } from '../../../server/src/template/template-source';
import { parseYaml } from '../../../server/src/recipe/yaml-tree';
import { fixtures, repoRoot } from '../../helpers/paths';

const RECIPES = [
  path.join(fixtures, 'recipes', 'full.recipe.yaml'),
  ...['math-eval', 'planted-mistakes', 'sim-gsm8k', 'xwin-gsm8k'].map((n) => path.join(repoRoot, 'examples', `${n}.recipe.yaml`)),
  ...['design-example', 'templates-and-scalars'].map((n) => path.join(repoRoot, 'test', 'grammar', 'fixtures', `${n}.recipe.yaml`)),
].filter((f) => fs.existsSync(f));

/** The bench's generated recipe shape: many models, datasets, prompts and evaluations. */
function generated(entries: number): string {
  const out = ['passk: 1', 'name: generated', 'models:'];
  for (let i = 0; i < entries; i++) out.push(`  m${i}:`, `    baseUrl: http://127.0.0.1:${8000 + i}/v1`, `    model: org/model-${i}`);
  out.push('datasets:');
  for (let i = 0; i < entries; i++) out.push(`  d${i}:`, '    path: data/gsm8k/test.jsonl', '    answer: { field: answer, extract: gsm8k }');
  out.push('prompts:', '  # comment before the first prompt');
  for (let i = 0; i < entries; i++) out.push(`  p${i}:`, '    system: You are careful.', `    user: "Problem {{ id }}: {{ question }}\\nAnswer."`, '');
  out.push('evaluate:');
  for (let i = 0; i < entries * 3; i++) out.push(`  e${i}:`, `    model: m${i % entries}`, `    dataset: d${i % entries}`, `    prompt: p${i % entries}`, '    samples: 8', '    k: [1, 4, 8]', '    expect: { pass@1: 0.3 }');
  return out.join('\n') + '\n';
}

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** One random line edit of the kinds typing produces (including broken YAML). */
function edit(text: string, r: () => number): string {
  const lines = text.split('\n');
  const j = Math.floor(r() * lines.length);
  const line = lines[j]!;
  switch (Math.floor(r() * 7)) {
    case 0: lines.splice(j, 1); break;
    case 1: lines[j] = line.replace(/\d/, String(Math.floor(r() * 10)) + (r() < 0.5 ? '0' : '')); break;
    case 2: lines[j] = line.replace(/: .*/, ': 999'); break;
    case 3: lines[j] = line.slice(0, Math.floor(r() * (line.length + 1))); break;
    case 4: lines.splice(j, 0, lines[Math.floor(r() * lines.length)]!); break;
    case 5: lines[j] = `${line}x`; break;
    default: lines.splice(j, 0, ' '.repeat(Math.floor(r() * 5)) + ['key: v', '- item', '"q', '{ a: 1', '# note', ''][Math.floor(r() * 6)]);
  }
  return lines.join('\n');
}

/**
 * A plain description of a node tree: what the checks read from it. Ranges are compared on their first two
 * offsets (value start and end); the third, the end including trailing comments, can differ by the next
 * line's indentation when a comment ends an entry, and no check reads it.
 */
function describe(node: unknown): unknown {
  if (node === null || node === undefined) return null;
  const n = node as Node;
  const range = n.range ? [n.range[0], n.range[1]] : null;
  if (isMap(n)) return { map: n.items.map((p) => [describe(p.key), describe(p.value)]), range, flow: !!n.flow };
  if (isSeq(n)) return { seq: n.items.map((it) => (it instanceof Pair ? ['pair', describe(it.key), describe(it.value)] : describe(it))), range, flow: !!n.flow };
  if (isScalar(n)) return { value: n.value, type: n.type ?? null, tag: n.tag ?? null, range };
  return { other: String(n), range };
}

function assertSame(parser: IncrementalParser, text: string, what: string): void {
  const inc = parser.parse(text);
  const whole = parseYaml(text);
  assert.deepEqual(describe(inc.doc.contents), describe(whole.doc.contents), `tree of ${what}`);
  assert.deepEqual(inc.problems, whole.problems, `problems of ${what}`);
}

test('the incremental parse equals the whole parse on every recipe and after thousands of edits', () => {
  const texts = [...RECIPES.map((f) => fs.readFileSync(f, 'utf8')), generated(20)];
  let fast = 0;
  let checked = 0;
  for (const [i, start] of texts.entries()) {
    const parser = new IncrementalParser();
    const r = rng(1000 + i);
    let text = start;
    assertSame(parser, text, `recipe ${i}`);
    for (let step = 0; step < 300; step++) {
      // Every fifth step starts again from the clean text, so the walk does not drift into all-broken YAML.
      text = step % 5 === 4 ? start : edit(text, r);
      assertSame(parser, text, `recipe ${i} after edit ${step}`);
      checked++;
      if (!parser.lastStats.fallback) fast++;
    }
  }
  // The fast path must actually be taken for most versions, or this test would only compare parseYaml with itself.
  assert.ok(fast > checked / 2, `fast path taken ${fast} of ${checked} times`);
});

test('an edit inside one entry re-parses only that entry; texts that cannot be cut fall back', () => {
  const parser = new IncrementalParser();
  const text = generated(10);
  parser.parse(text);
  assert.equal(parser.lastStats.fallback, false);
  const edited = text.replace('    samples: 8', '    samples: 16');
  assertSame(parser, edited, 'one edit');
  assert.deepEqual(parser.lastStats, { parsed: 1, reused: parser.lastStats.reused, fallback: false });
  assert.ok(parser.lastStats.reused > 50);
  for (const odd of [`${text}---\npassk: 1\n`, text.replace('samples: 8', 'samples: &n 8'), `\t${text}`, text.replace('passk: 1', '- passk: 1')]) {
    assertSame(parser, odd, 'uncuttable text');
    assert.equal(parser.lastStats.fallback, true);
  }
});

/** A RecipeDoc as plain data: maps as entry lists, reference targets by name, template sources by their offsets. */
function plain(x: unknown): unknown {
  if (x instanceof Map) return [...x].map(([k, v]) => [k, plain(v)]);
  if (Array.isArray(x)) return x.map(plain);
  if (!x || typeof x !== 'object') return x;
  const o = x as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (k === 'text') continue;
    if (k === 'target') out[k] = (v as { name?: string } | undefined)?.name;
    else if (typeof v === 'function') continue;
    else out[k] = plain(v);
  }
  if (typeof o['map'] === 'object' && typeof o['source'] === 'string') {
    const src = o as unknown as TemplateSource;
    out['mapped'] = Array.from({ length: src.source.length + 1 }, (_, i) => docSpan(src, i, i + 1));
  }
  return out;
}

test('analyzeRecipe with a parser gives the same result as without, version after version', () => {
  const file = path.join(repoRoot, 'bench', 'generated.recipe.yaml');
  const parser = new IncrementalParser();
  const r = rng(7);
  let text = generated(8);
  for (let step = 0; step < 80; step++) {
    // Every fourth version types into the first line, so every reused entry moves.
    text = step % 4 === 3 ? text.replace(/\n/, `${'x'.repeat(step % 7)}\n`) : edit(text, r);
    const inc = analyzeRecipe(text, { file, env: {}, parser });
    const whole = analyzeRecipe(text, { file, env: {} });
    assert.deepEqual(inc.problems, whole.problems, `problems after edit ${step}`);
    assert.deepEqual(plain(inc.value), plain(whole.value), `document after edit ${step}`);
  }
});
