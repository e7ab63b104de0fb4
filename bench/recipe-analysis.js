// analyzeRecipe (the whole recipe core: YAML, structure, values, references, templates, dataset peeks) timed
// in-process, beside a named baseline run side by side on the same text: `yaml.parseDocument` alone, the
// parse every analysis of a new text pays at least once. Reported as p50/p95 and as a ratio to the baseline:
//   - whole: a fresh analysis of the text (the CLI, or the first analysis of an opened file);
//   - as you type: the LSP's path, an IncrementalParser kept across versions, each version one edit apart:
//     a digit changed inside an evaluation (same length) and a word typed into the description at the top
//     (every later entry moves, so every reused piece is shifted).
// Recipes: the generated ~2 000-line recipe of bench/lsp-latency.js and the example recipes. The core is
// bundled from source with esbuild, like the LSP benchmark does.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const YAML = require('yaml');
const { generateRecipe } = require('./support/generate-recipe');

const root = path.join(__dirname, '..');
const ITER = Number(process.env.PASSK_BENCH_ITER || 100);
const WARMUP = 10;

function loadCore() {
  const esbuild = require('esbuild');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-bench-'));
  const entry = path.join(dir, 'entry.ts');
  const src = (p) => JSON.stringify(path.join(root, 'server', 'src', 'recipe', p));
  fs.writeFileSync(entry, `export { analyzeRecipe } from ${src('analyze')};\nexport { IncrementalParser } from ${src('incremental-parse')};\n`);
  const outfile = path.join(dir, 'core.js');
  esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'error' });
  return require(outfile);
}

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

/** Times `fn(i)` ITER times after WARMUP calls; baseline and subject alternate so load changes hit both alike. */
function sideBySide(base, subject) {
  const b = [];
  const s = [];
  const time = (fn, i, into) => {
    const t0 = process.hrtime.bigint();
    fn(i);
    if (into) into.push(Number(process.hrtime.bigint() - t0) / 1e6);
  };
  for (let i = 0; i < WARMUP + ITER; i++) {
    time(base, i, i >= WARMUP ? b : undefined);
    time(subject, i, i >= WARMUP ? s : undefined);
  }
  return { b, s };
}

function main() {
  const { analyzeRecipe, IncrementalParser } = loadCore();
  const recipes = [{ name: 'generated', file: path.join(root, 'bench', 'generated.recipe.yaml'), text: generateRecipe(2000) }];
  for (const f of fs.readdirSync(path.join(root, 'examples')).filter((n) => n.endsWith('.recipe.yaml')).sort()) {
    const file = path.join(root, 'examples', f);
    recipes.push({ name: f.replace('.recipe.yaml', ''), file, text: fs.readFileSync(file, 'utf8') });
  }
  const env = { HOME: os.homedir() };
  const f = (x) => x.toFixed(2).padStart(7);
  console.log(`analyzeRecipe, ${ITER} runs each (+${WARMUP} warm-up); baseline: yaml.parseDocument of the same text, run alternately with it`);
  for (const r of recipes) {
    const lines = r.text.split('\n').length - 1;
    const parse = (text) => YAML.parseDocument(text, { uniqueKeys: false });
    // One-edit versions: a digit inside the first number of the last third (an evaluation in the generated
    // recipe), and a growing word after the first line (moves everything below it).
    const at = r.text.slice(Math.floor((r.text.length * 2) / 3)).search(/\d/);
    const digitAt = at < 0 ? -1 : Math.floor((r.text.length * 2) / 3) + at;
    const digit = (i) => (digitAt < 0 ? r.text : r.text.slice(0, digitAt) + String(1 + (i % 9)) + r.text.slice(digitAt + 1));
    const nl = r.text.indexOf('\n') + 1;
    const typed = (i) => `${r.text.slice(0, nl)}# ${'x'.repeat(1 + (i % 20))}\n${r.text.slice(nl)}`;
    const rows = [
      ['whole', (i) => parse(digit(i)), (i) => analyzeRecipe(digit(i), { file: r.file, env })],
    ];
    const p1 = new IncrementalParser();
    rows.push(['as you type: digit edit', (i) => parse(digit(i)), (i) => analyzeRecipe(digit(i), { file: r.file, env, parser: p1 })]);
    const p2 = new IncrementalParser();
    rows.push(['as you type: text moves', (i) => parse(typed(i)), (i) => analyzeRecipe(typed(i), { file: r.file, env, parser: p2 })]);
    console.log(`\n${r.name} (${lines} lines)`);
    for (const [label, base, subject] of rows) {
      const { b, s } = sideBySide(base, subject);
      console.log(
        `  ${label.padEnd(26)} analyzeRecipe p50 ${f(pct(s, 50))} ms  p95 ${f(pct(s, 95))} ms | baseline parse p50 ${f(pct(b, 50))} ms  p95 ${f(pct(b, 95))} ms | ratio p50 ×${(pct(s, 50) / pct(b, 50)).toFixed(2)}, p95 ×${(pct(s, 95) / pct(b, 95)).toFixed(2)}`,
      );
    }
    const fast = [p1, p2].map((p) => (p.lastStats.fallback ? 'whole-parse fallback' : `${p.lastStats.parsed} piece(s) parsed, ${p.lastStats.reused} reused`));
    console.log(`  last version: digit edit ${fast[0]}; text moves ${fast[1]}`);
  }
  console.log(`\nmachine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (other processes share these cores; compare ratios, not absolute figures)`);
}

main();
