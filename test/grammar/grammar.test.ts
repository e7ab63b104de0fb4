// Snapshot and scope tests for syntaxes/passk-recipe.tmLanguage.json. Snapshots catch any change in how a
// fixture tokenises (UPDATE_SNAPSHOTS=1 rewrites them after a deliberate change); the scope assertions below
// pin down the behaviours that matter to users, so a wrong snapshot cannot be blessed by accident.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { before, describe, test } from 'node:test';
import type { IGrammar } from 'vscode-textmate';
import { repoRoot } from '../helpers/paths';
import { formatSnapshot, loadGrammar, tokenizeLines, type Token } from './tokenize';

const here = path.join(repoRoot, 'test', 'grammar');
const fixtureDir = path.join(here, 'fixtures');
const snapshotDir = path.join(here, 'snapshots');
const update = process.env.UPDATE_SNAPSHOTS === '1';

let grammar: IGrammar;
before(async () => {
  grammar = await loadGrammar();
});

/** All tokens of `text` whose text equals `needle`, on the given one-based line (or any line). */
function tokensOf(text: string, needle: string, line?: number): Token[] {
  return tokenizeLines(grammar, text)
    .filter((l) => line === undefined || l.line === line)
    .flatMap((l) => l.tokens)
    .filter((t) => t.text === needle);
}

function scopesOf(text: string, needle: string, line?: number): string[] {
  const found = tokensOf(text, needle, line);
  assert.ok(found.length > 0, `no token ${JSON.stringify(needle)} in ${JSON.stringify(text)}`);
  return found[0]!.scopes;
}

function hasScope(scopes: string[], prefix: string): boolean {
  return scopes.some((s) => s === prefix || s.startsWith(prefix + '.'));
}

describe('grammar snapshots', () => {
  const fixtures = fs.readdirSync(fixtureDir).filter((f) => f.endsWith('.yaml'));
  test('there are fixtures to snapshot', () => assert.ok(fixtures.length >= 2));
  for (const f of fixtures) {
    test(f, () => {
      const actual = formatSnapshot(tokenizeLines(grammar, fs.readFileSync(path.join(fixtureDir, f), 'utf8')));
      const snap = path.join(snapshotDir, f.replace(/\.recipe\.yaml$/, '.tokens.txt'));
      if (update || !fs.existsSync(snap)) {
        if (!update) assert.fail(`missing snapshot ${path.relative(repoRoot, snap)}; run with UPDATE_SNAPSHOTS=1`);
        fs.mkdirSync(snapshotDir, { recursive: true });
        fs.writeFileSync(snap, actual);
        return;
      }
      assert.equal(actual, fs.readFileSync(snap, 'utf8'), `tokens of ${f} changed; rerun with UPDATE_SNAPSHOTS=1 if intended`);
    });
  }
});

describe('grammar scopes', () => {
  test('the grammar file declares the recipe scope and falls back to source.yaml', () => {
    const raw = JSON.parse(fs.readFileSync(path.join(repoRoot, 'syntaxes', 'passk-recipe.tmLanguage.json'), 'utf8'));
    assert.equal(raw.scopeName, 'source.passk-recipe');
    assert.deepEqual(raw.patterns.at(-1), { include: 'source.yaml' });
  });

  test('the grammar JSON is exactly what syntaxes/generate-grammar.js produces', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const gen = require(path.join(repoRoot, 'syntaxes', 'generate-grammar.js')) as { text: string; out: string };
    assert.equal(fs.readFileSync(gen.out, 'utf8'), gen.text, 'run `node syntaxes/generate-grammar.js` after editing it');
  });

  test('sections, entries, known fields and unknown keys get distinct scopes', () => {
    const doc = 'models:\n  teacher:\n    baseUrl: http://x/v1\n    bogus: 1\n';
    assert.ok(scopesOf(doc, 'models').includes('entity.name.tag.section.passk-recipe'));
    assert.ok(scopesOf(doc, 'teacher').includes('entity.name.type.entry.passk-recipe'));
    assert.ok(scopesOf(doc, 'baseUrl').includes('entity.name.tag.field.passk-recipe'));
    const bogus = scopesOf(doc, 'bogus');
    assert.ok(bogus.includes('entity.name.tag.yaml'));
    assert.ok(!bogus.includes('entity.name.tag.field.passk-recipe'));
    assert.ok(scopesOf(doc, '1').includes('constant.numeric.yaml'));
  });

  test('a second entry after a nested block starts a new entry', () => {
    const doc = 'evaluate:\n  a:\n    grader:\n      extract: auto\n  b:\n    samples: 4\nprompts:\n  p: hi\n';
    assert.ok(scopesOf(doc, 'b', 5).includes('entity.name.type.entry.passk-recipe'));
    assert.ok(scopesOf(doc, 'extract', 4).includes('entity.name.tag.field.passk-recipe'));
    assert.ok(scopesOf(doc, 'prompts', 7).includes('entity.name.tag.section.passk-recipe'));
    assert.ok(scopesOf(doc, 'p', 8).includes('entity.name.type.entry.passk-recipe'));
  });

  test('template expressions are embedded spans with variable, property and filter scopes', () => {
    const doc = 'prompts:\n  p: "Q: {{ seed.question | trim }}"\n';
    const open = scopesOf(doc, '{{');
    assert.ok(open.includes('punctuation.section.embedded.begin.template.passk-recipe'));
    assert.ok(open.includes('string.quoted.double.yaml'), 'the template sits inside the YAML string');
    assert.ok(scopesOf(doc, 'seed').includes('variable.other.template.passk-recipe'));
    assert.ok(scopesOf(doc, 'question').includes('variable.other.property.template.passk-recipe'));
    assert.ok(scopesOf(doc, 'trim').includes('support.function.filter.template.passk-recipe'));
    assert.ok(hasScope(scopesOf(doc, '}}'), 'punctuation.section.embedded.end'));
  });

  test('statements and template comments inside block scalars', () => {
    const doc = 'prompts:\n  p: |\n    {% for s in row.steps %}{{ s }}{% endfor %}\n    {# note #}\nevaluate: {}\n';
    assert.ok(scopesOf(doc, 'for').includes('keyword.control.template.passk-recipe'));
    assert.ok(scopesOf(doc, 'in').includes('keyword.operator.word.template.passk-recipe'));
    assert.ok(scopesOf(doc, 'endfor').includes('keyword.control.template.passk-recipe'));
    assert.ok(scopesOf(doc, 's', 3).includes('variable.other.template.passk-recipe'));
    assert.ok(scopesOf(doc, '{#').includes('comment.block.template.passk-recipe'));
    assert.ok(scopesOf(doc, '{%').includes('string.unquoted.block.yaml'));
    assert.ok(scopesOf(doc, 'evaluate', 5).includes('entity.name.tag.section.passk-recipe'), 'the block scalar ends');
  });

  test('block scalar content is a string even when it looks like a key', () => {
    const doc = 'prompts:\n  p:\n    user: |\n      answer: {{ question }}\n    system: x\n';
    const answer = scopesOf(doc, '      answer: ', 4);
    assert.ok(answer.includes('string.unquoted.block.yaml'));
    assert.ok(!answer.some((s) => s.startsWith('entity.name.tag')));
    assert.ok(scopesOf(doc, 'system', 5).includes('entity.name.tag.field.passk-recipe'));
  });

  test('environment references with and without a default', () => {
    const doc = 'models:\n  m:\n    apiKey: ${env:OPENAI_API_KEY}\n    baseUrl: "${env:URL:http://127.0.0.1:8000/v1}"\n';
    assert.ok(scopesOf(doc, 'OPENAI_API_KEY').includes('variable.other.env.passk-recipe'));
    assert.ok(scopesOf(doc, 'env', 3).includes('support.variable.env.passk-recipe'));
    assert.ok(scopesOf(doc, 'URL').includes('variable.other.env.passk-recipe'));
    const def = scopesOf(doc, 'http://127.0.0.1:8000/v1');
    assert.ok(def.includes('string.unquoted.default.passk-recipe'));
    assert.ok(def.includes('meta.env-reference.passk-recipe'));
  });

  test('comments, numbers, booleans and null', () => {
    const doc = 'evaluate:\n  e:\n    samples: 8 # eight\n    topP: .5\n    batch: false\n    seed: ~\n    model: a#b\n';
    assert.ok(scopesOf(doc, '#').includes('punctuation.definition.comment.yaml'));
    assert.ok(scopesOf(doc, ' eight').includes('comment.line.number-sign.yaml'));
    assert.ok(scopesOf(doc, '8').includes('constant.numeric.yaml'));
    assert.ok(scopesOf(doc, '.5').includes('constant.numeric.yaml'));
    assert.ok(scopesOf(doc, 'false').includes('constant.language.boolean.yaml'));
    assert.ok(scopesOf(doc, '~').includes('constant.language.null.yaml'));
    assert.ok(scopesOf(doc, 'a#b').includes('string.unquoted.plain.yaml'), 'a # without a space before it is text');
  });

  test('flow collections split keys, values and commas', () => {
    const doc = 'evaluate:\n  e:\n    generate: { model: teacher, prompt: q, temperature: 1.0 }\n    k: [1, 8]\n';
    assert.ok(scopesOf(doc, 'model').includes('entity.name.tag.field.passk-recipe'));
    assert.ok(scopesOf(doc, 'teacher').includes('variable.other.reference.model.passk-recipe'));
    assert.ok(scopesOf(doc, 'prompt').includes('entity.name.tag.field.passk-recipe'));
    assert.ok(scopesOf(doc, '1.0').includes('constant.numeric.yaml'));
    assert.ok(scopesOf(doc, '8').includes('constant.numeric.yaml'));
    assert.ok(scopesOf(doc, '{').includes('punctuation.definition.mapping.begin.yaml'));
  });

  test('names that point at other entries are references only where they are references', () => {
    const doc = [
      'models:',
      '  teacher:',
      '    model: gpt-4-turbo',
      '  s: { model: llama }',
      'synthesize:',
      '  big:',
      '    seeds: train',
      '    generate: { model: teacher, prompt: ask }',
      '    filters:',
      '      decontaminate: { against: [test-a, test-b], ngram: 13 }',
      'evaluate:',
      '  e:',
      '    model: student # the small one',
      '    dataset: test-a',
      '    prompt: cot',
      '',
    ].join('\n');
    assert.ok(scopesOf(doc, 'gpt-4-turbo').includes('string.unquoted.plain.yaml'), 'a provider model id is not a reference');
    assert.ok(scopesOf(doc, 'llama').includes('string.unquoted.plain.yaml'));
    assert.ok(scopesOf(doc, 'train').includes('variable.other.reference.dataset.passk-recipe'));
    assert.ok(scopesOf(doc, 'teacher', 8).includes('variable.other.reference.model.passk-recipe'));
    assert.ok(scopesOf(doc, 'ask').includes('variable.other.reference.prompt.passk-recipe'));
    assert.ok(scopesOf(doc, 'test-b').includes('variable.other.reference.dataset.passk-recipe'));
    assert.ok(scopesOf(doc, '13').includes('constant.numeric.yaml'));
    assert.ok(scopesOf(doc, 'student').includes('variable.other.reference.model.passk-recipe'));
    assert.ok(scopesOf(doc, ' the small one').includes('comment.line.number-sign.yaml'));
    assert.ok(scopesOf(doc, 'test-a', 14).includes('variable.other.reference.dataset.passk-recipe'));
    assert.ok(scopesOf(doc, 'cot').includes('variable.other.reference.prompt.passk-recipe'));
  });

  test('pass@k keys of expect are fields', () => {
    const doc = 'evaluate:\n  e:\n    expect: { pass@1: 0.4 }\n';
    assert.ok(scopesOf(doc, 'pass@1').includes('entity.name.tag.field.passk-recipe'));
  });

  test('single-quoted strings keep doubled quotes and regex text literal', () => {
    const doc = "prompts:\n  p: 'it''s \\s* {{ question }}'\n";
    assert.ok(scopesOf(doc, "''").includes('constant.character.escape.single-quote.yaml'));
    assert.ok(scopesOf(doc, 'question').includes('variable.other.template.passk-recipe'));
  });

  test('tokenising stays linear-ish on a long prompt line (no catastrophic backtracking)', () => {
    const long = 'prompts:\n  p: "' + 'x {{ question }} '.repeat(2000) + '"\n';
    const lines = tokenizeLines(grammar, long);
    assert.equal(lines[1]!.tokens.filter((t) => t.text === 'question').length, 2000);
  });
});

describe('grammar alongside VS Code\'s YAML grammar', () => {
  const yamlDir = path.join(here, 'fixtures', 'yaml-grammar');
  const yamlGrammars = {
    'source.yaml': path.join(yamlDir, 'yaml.tmLanguage.json'),
    'source.yaml.1.0': path.join(yamlDir, 'yaml-1.0.tmLanguage.json'),
    'source.yaml.1.1': path.join(yamlDir, 'yaml-1.1.tmLanguage.json'),
    'source.yaml.1.2': path.join(yamlDir, 'yaml-1.2.tmLanguage.json'),
    'source.yaml.1.3': path.join(yamlDir, 'yaml-1.3.tmLanguage.json'),
    'source.yaml.embedded': path.join(yamlDir, 'yaml-embedded.tmLanguage.json'),
  };
  let withYaml: IGrammar;
  before(async () => {
    withYaml = await loadGrammar(yamlGrammars);
  });
  // Whitespace tokens may pick up YAML's separator scope; every visible token must keep the same scopes.
  const visible = (g: IGrammar, text: string) =>
    tokenizeLines(g, text).flatMap((l) => l.tokens.filter((t) => t.text.trim() !== '').map((t) => `${l.line} ${JSON.stringify(t.text)} ${t.scopes.join(' ')}`));

  for (const f of fs.readdirSync(fixtureDir).filter((x) => x.endsWith('.yaml'))) {
    test(`${f} tokenises the same with source.yaml present`, () => {
      const text = fs.readFileSync(path.join(fixtureDir, f), 'utf8');
      assert.deepEqual(visible(withYaml, text), visible(grammar, text));
    });
  }

  test('a recipe opening with blank lines is not claimed by the YAML grammar', () => {
    for (const lead of ['\n', '  \n\n', '\t\n']) {
      const text = `${lead}prompts:\n  p: "{{ question }}"\n`;
      const q = tokenizeLines(withYaml, text).flatMap((l) => l.tokens).find((t) => t.text === 'question');
      assert.ok(q?.scopes.includes('variable.other.template.passk-recipe'), `leading ${JSON.stringify(lead)}: ${q?.scopes.join(' ')}`);
    }
  });

  test('without the fallback rule the YAML grammar would claim such a file (the rule is what protects it)', async () => {
    // Guards the guard: drop `leading-blank-lines` from a copy of the grammar and the template is lost.
    const raw = JSON.parse(fs.readFileSync(path.join(repoRoot, 'syntaxes', 'passk-recipe.tmLanguage.json'), 'utf8'));
    raw.patterns = raw.patterns.filter((p: { include?: string }) => p.include !== '#leading-blank-lines');
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'passk-grammar-')), 'unguarded.tmLanguage.json');
    fs.writeFileSync(tmp, JSON.stringify(raw));
    const unguarded = await loadGrammar(yamlGrammars, tmp);
    const q = tokenizeLines(unguarded, '\nprompts:\n  p: "{{ question }}"\n').flatMap((l) => l.tokens).find((t) => t.text === 'question');
    fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
    assert.ok(!q?.scopes.includes('variable.other.template.passk-recipe'));
  });
});
