// LSP latency on a generated 2 000-line recipe, measured over real stdio like an editor sees it:
//   - diagnostics: time from sending a didChange (one edited number) to the publishDiagnostics for that
//     version, with the debounce set to 0 through initializationOptions so the figure is analysis + protocol;
//   - completion: time from a completion request on a `model:` value to its answer.
// Each is reported as p50/p95 over ITER iterations against its target (p95 < 30 ms diagnostics, < 20 ms
// completion) and as a ratio against the named baseline run side by side: a bare vscode-languageserver echo
// server (bench/support/lsp-echo-server.js) on the same text, i.e. the cost of the protocol alone. The raw
// `yaml` parse time and the recipe core's `analyzeRecipe` time (in-process, bundled from source with esbuild)
// on the same text are printed too: the whole analysis (what a new text costs, the parse its floor) and the
// analysis as you type, with an IncrementalParser across the same one-digit edits, which is what the server
// spends per version; the protocol's own share is the difference. One more row runs the server at the default
// debounce (150 ms) with a pause before each edit: an edit after a pause is analysed at once (lsp/scheduler.ts),
// so it should match the debounce-0 row; PASSK_BENCH_OTHER_SERVER measures another build that way beside it.
// The second part measures passk beside yaml-language-server (bench/support/yaml-language-server.js installs it
// from npm into a cache folder and feeds it dist/recipe.schema.json) on generated recipes of 2 000 and 20 000
// lines, both at default settings (bench/support/measure-beside.js says what each row times), and prints each
// row with the ratio passk / yaml-language-server and its target. PASSK_BENCH_ONLY=protocol or =beside runs
// one part alone; run `node esbuild.js` first, since both parts start dist/server.js.
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const YAML = require('yaml');
const { generateRecipe } = require('./support/generate-recipe');
const { startServer } = require('./support/lsp-client');
const { measureBeside } = require('./support/measure-beside');
const { YAML_LS_VERSION, ensureYamlLanguageServer, yamlSettings } = require('./support/yaml-language-server');

const root = path.join(__dirname, '..');
const ITER = Number(process.env.PASSK_BENCH_ITER || 150);
const WARMUP = 15;

function pct(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
}

async function measure(label, script, text, options = {}, pauseMs = 0) {
  const server = await startServer(script, { initializationOptions: { diagnosticsDelayMs: 0, ...options } });
  const uri = pathToFileURL(path.join(root, 'bench', `generated-${label}.recipe.yaml`)).toString();
  let version = 1;
  const opened = server.waitDiagnostics(uri, 1);
  server.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'passk-recipe', version, text } });
  await opened;
  const lines = text.split('\n');
  const editLine = lines.indexOf('    samples: 8');
  const valueCol = '    samples: '.length;
  const modelLine = lines.findIndex((l) => /^ {4}model: m\d+$/.test(l));
  const diag = [];
  const comp = [];
  let diagnosticsCount = -1;
  for (let i = 0; i < ITER + WARMUP; i++) {
    // A pause longer than the debounce makes each edit the first after a pause, as when a user stops typing.
    if (pauseMs) await new Promise((r) => setTimeout(r, pauseMs));
    version++;
    const digit = String(2 + (i % 7));
    const published = server.waitDiagnostics(uri, version);
    const t0 = process.hrtime.bigint();
    server.rpc.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range: { start: { line: editLine, character: valueCol }, end: { line: editLine, character: valueCol + 1 } }, text: digit }],
    });
    const p = await published;
    const t1 = process.hrtime.bigint();
    diagnosticsCount = p.diagnostics.length;
    const t2 = process.hrtime.bigint();
    await server.rpc.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: modelLine, character: '    model: '.length } });
    const t3 = process.hrtime.bigint();
    if (i >= WARMUP) {
      diag.push(Number(t1 - t0) / 1e6);
      comp.push(Number(t3 - t2) / 1e6);
    }
  }
  await server.stop();
  return { diag, comp, diagnosticsCount };
}

/** The recipe core bundled from source into a temp file, so its analysis can be timed without the protocol. */
function loadRecipeCore() {
  const esbuild = require('esbuild');
  const os = require('node:os');
  const fs = require('node:fs');
  const outfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'passk-bench-')), 'recipe.js');
  esbuild.buildSync({ entryPoints: [path.join(root, 'server', 'src', 'recipe', 'index.ts')], bundle: true, platform: 'node', target: 'node20', format: 'cjs', outfile, logLevel: 'error' });
  return require(outfile);
}

function timeIt(fn) {
  const xs = [];
  for (let i = 0; i < 5; i++) fn();
  for (let i = 0; i < Math.min(ITER, 60); i++) {
    const t0 = process.hrtime.bigint();
    fn();
    xs.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return xs;
}

async function protocolRows() {
  const text = generateRecipe(2000);
  const lineCount = text.split('\n').length - 1;
  const parse = timeIt(() => YAML.parseDocument(text, { uniqueKeys: false }));
  const { analyzeRecipe, IncrementalParser } = loadRecipeCore();
  const file = path.join(root, 'bench', 'generated.recipe.yaml');
  const analyze = timeIt(() => analyzeRecipe(text, { file, env: process.env }));
  // What the server does per version: the same one-digit edits, analysed with the document's IncrementalParser.
  const parser = new IncrementalParser();
  const editAt = text.indexOf('    samples: 8') + '    samples: '.length;
  let n = 0;
  const incremental = timeIt(() => {
    const edited = text.slice(0, editAt) + String(2 + (n++ % 7)) + text.slice(editAt + 1);
    analyzeRecipe(edited, { file, env: process.env, parser });
  });
  const passk = await measure('passk', path.join(root, 'dist', 'server.js'), text);
  const inline = await measure('passk-inline', path.join(root, 'dist', 'server.js'), text, { analysisInWorker: false });
  // At the default debounce (150 ms), each edit after a pause: what a user sees when they stop typing.
  const idle = await measure('passk-default', path.join(root, 'dist', 'server.js'), text, { diagnosticsDelayMs: 150 }, 200);
  // PASSK_BENCH_OTHER_SERVER=/path/to/another/dist/server.js measures an earlier build the same way, side by side.
  const other = process.env.PASSK_BENCH_OTHER_SERVER ? await measure('passk-other', process.env.PASSK_BENCH_OTHER_SERVER, text, { diagnosticsDelayMs: 150 }, 200) : undefined;
  const echo = await measure('echo', path.join(__dirname, 'support', 'lsp-echo-server.js'), text);
  const f = (x) => x.toFixed(2).padStart(7);
  const row = (name, xs, target, base) => {
    const p95 = pct(xs, 95);
    const verdict = target === undefined ? '' : p95 < target ? `  target p95 < ${target} ms: MET` : `  target p95 < ${target} ms: MISSED`;
    const ratio = base ? `  ratio p50 ×${(pct(xs, 50) / pct(base, 50)).toFixed(1)}, p95 ×${(p95 / pct(base, 95)).toFixed(1)} vs baseline` : '';
    console.log(`${name.padEnd(34)} p50 ${f(pct(xs, 50))} ms  p95 ${f(p95)} ms${verdict}${ratio}`);
  };
  console.log(`LSP latency: ${lineCount}-line generated recipe, ${ITER} iterations (+${WARMUP} warm-up), debounce 0 ms; passk published ${passk.diagnosticsCount} diagnostics per version`);
  console.log('baseline: bare vscode-languageserver echo server (bench/support/lsp-echo-server.js), same text and edits');
  row('yaml.parseDocument (in-process)', parse);
  row('analyzeRecipe, whole (in-process)', analyze);
  row('analyzeRecipe, as you type', incremental);
  row('baseline didChange → diagnostics', echo.diag);
  row('passk didChange → diagnostics', passk.diag, 30, echo.diag);
  row('  same, analysis on the message loop', inline.diag, 30, echo.diag);
  row('  same, default 150 ms debounce, after a pause', idle.diag, 30, echo.diag);
  if (other) row('  that, with PASSK_BENCH_OTHER_SERVER', other.diag, 30, echo.diag);
  row('baseline completion', echo.comp);
  row('passk completion', passk.comp, 20, echo.comp);
  row('  same, analysis on the message loop', inline.comp, 20, echo.comp);
  console.log(`analysis cost over protocol (p50): ${(pct(passk.diag, 50) - pct(echo.diag, 50)).toFixed(2)} ms, of which analyzeRecipe as you type ${pct(incremental, 50).toFixed(2)} ms (a whole analysis ${pct(analyze, 50).toFixed(2)} ms, its yaml parse ${pct(parse, 50).toFixed(2)} ms)`);
}

/** Checks that the baseline really validates against the recipe schema, or its figures would flatter it. */
async function checkBaselineUsesSchema(script) {
  const session = await startServer(script, { settings: { yaml: yamlSettings() } });
  const uri = pathToFileURL(path.join(root, 'bench', 'probe.recipe.yaml')).toString();
  const published = session.waitDiagnostics(uri);
  session.rpc.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: 'passk: 1\nnotARecipeKey: 3\n' } });
  const { diagnostics } = await published;
  await session.stop();
  if (!diagnostics.some((d) => /notARecipeKey/.test(d.message))) throw new Error(`yaml-language-server did not apply dist/recipe.schema.json: ${JSON.stringify(diagnostics)}`);
}

/** passk beside yaml-language-server on the same recipes, both at default settings, with the targets as ratios. */
async function besideRows() {
  const yamlScript = ensureYamlLanguageServer();
  await checkBaselineUsesSchema(yamlScript);
  const passkServer = { name: 'passk', script: path.join(root, 'dist', 'server.js'), languageId: 'passk-recipe' };
  const yamlServer = { name: 'yaml-ls', script: yamlScript, options: { settings: { yaml: yamlSettings() } }, languageId: 'yaml' };
  const n = (name, fallback) => Number(process.env[name] || fallback);
  const sizes = [
    { lines: 2000, counts: { openRuns: n('PASSK_BENCH_OPEN_RUNS', 3), changes: n('PASSK_BENCH_CHANGES', 30), loadedEdits: 5 } },
    { lines: 20000, counts: { openRuns: n('PASSK_BENCH_OPEN_RUNS', 3), changes: n('PASSK_BENCH_CHANGES_LARGE', 15), loadedEdits: 3 } },
  ];
  const rows = [];
  const ms = (x) => `${x.toFixed(1)} ms`;
  const max = (xs) => Math.max(...xs);
  for (const { lines, counts } of sizes) {
    const text = generateRecipe(lines);
    const label = `${(text.split('\n').length - 1).toLocaleString('en')} lines`;
    const a = await measureBeside(passkServer, text, counts);
    const b = await measureBeside(yamlServer, text, counts);
    const changeTarget = lines >= 20000 ? 0.3 : 0.5;
    rows.push([`didChange → diagnostics p50, ${label}`, pct(a.change, 50), pct(b.change, 50), { ratio: changeTarget }]);
    rows.push([`didChange → diagnostics p95, ${label}`, pct(a.change, 95), pct(b.change, 95), {}]);
    rows.push([`didOpen → first diagnostics (median of ${counts.openRuns}), ${label}`, pct(a.open, 50), pct(b.open, 50), { ratio: 0.7 }]);
    rows.push([`first completion after didOpen, ${label}`, a.firstCompletion, b.firstCompletion, { ms: 250 }]);
    rows.push([`completion p95, ${label}`, pct(a.completion, 95), pct(b.completion, 95), { ms: 20 }]);
    rows.push([`completion max, ${label}`, max(a.completion), max(b.completion), lines >= 20000 ? { ms: 50 } : {}]);
    rows.push([`completion while analysing, max of ${a.loaded.length} / ${b.loaded.length}, ${label}`, max(a.loaded), max(b.loaded), { ms: 250 }]);
    console.log(`  measured ${label}: passk published ${a.diagnosticsCount} diagnostics per version, yaml-language-server ${b.diagnosticsCount}`);
  }
  console.log(`\npassk beside yaml-language-server ${YAML_LS_VERSION} (baseline; npm, recipe schema from dist/recipe.schema.json), both at default settings;`);
  console.log(`each edit follows a ${250} ms pause, as when a user stops typing\n`);
  console.log(`${'row'.padEnd(62)}${'passk'.padStart(11)}${'yaml-ls'.padStart(11)}${'ratio'.padStart(7)}  target`);
  let missed = 0;
  for (const [name, a, b, target] of rows) {
    const ratio = a / b;
    let verdict = '';
    if (target.ratio !== undefined) verdict = `ratio ≤ ${target.ratio}: ${ratio <= target.ratio ? 'MET' : 'MISSED'}`;
    if (target.ms !== undefined) verdict = `passk ≤ ${target.ms} ms: ${a <= target.ms ? 'MET' : 'MISSED'}`;
    if (verdict.endsWith('MISSED')) missed++;
    console.log(`${name.padEnd(62)}${ms(a).padStart(11)}${ms(b).padStart(11)}${ratio.toFixed(2).padStart(7)}  ${verdict}`);
  }
  console.log(`targets missed: ${missed}`);
}

async function main() {
  if (process.env.PASSK_BENCH_ONLY !== 'beside') await protocolRows();
  if (process.env.PASSK_BENCH_ONLY !== 'protocol') await besideRows();
  const os = require('node:os');
  console.log(`machine: ${os.cpus().length} cores, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} (other processes share these cores; compare ratios, not absolute figures)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
