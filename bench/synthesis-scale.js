// Synthesis at scale. Runs the Xwin recipe's shape (examples/xwin-gsm8k.recipe.yaml: GSM8K train seeds, 129 new
// problems per seed, generate → verify → solve ×4, consistency, 5-gram dedup against the seeds and every new
// problem, 13-gram decontamination against the GSM8K and MATH test sets) against an instant loopback server in a
// child process, and prints for each size: candidates per second, peak RSS and bytes of peak RSS per candidate,
// beside the named baseline "raw request loop": the same requests (generate, verify, solve with n=4 for every
// candidate) through the openai SDK at the same concurrency, doing nothing with the answers. The ratio
// passk / baseline is throughput; the RSS slope between sizes is what a candidate costs in memory (target: peak
// RSS at 964 017 candidates ≤ 1 GB, docs/synthesis-scale.md).
// Usage: node bench/synthesis-scale.js            10k and 100k candidates (quick slope)
//        node bench/synthesis-scale.js --full     also 964 017 candidates (7 473 seeds × 129), about 20 minutes
//        node bench/synthesis-scale.js --sizes 2000,10000
//        node bench/synthesis-scale.js --engine --full   the engine's filters, journal and export without HTTP
//                                                         (memory at full size in minutes, not hours)
const esbuild = require('esbuild');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const PER_SEED = 129;
const CONCURRENCY = 64;

// The instant teacher: a new, distinct GSM8K-like problem for every generate request (derived from the request
// body, so reruns get the same ones), and a realistic share of each rejection: about 1% repeat a fixed problem
// (duplicates), 0.5% copy a GSM8K test problem (contaminated), 4% are judged not well-posed, 4% of solution sets
// tie 2–2 and 3% split; the rest agree and are kept.
const SERVER = `
const http = require('node:http');
const fs = require('node:fs');
const tests = fs.readFileSync(process.env.GSM8K_TEST, 'utf8').split('\\n').filter(Boolean).slice(0, 200).map((l) => JSON.parse(l).question);
const { question, h32, rng } = require(process.env.QUESTIONS);
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const raw = Buffer.concat(chunks).toString();
    const body = JSON.parse(raw);
    const h = h32(raw);
    const r = rng(h);
    const user = body.messages[body.messages.length - 1].content;
    const n = body.n || 1;
    let texts;
    if (user.includes('FINAL CREATED QUESTION')) {
      const u = r();
      const q = u < 0.01 ? 'A farmer has 12 cows and buys 7 more cows at the market on Monday. How many cows does the farmer have now?'
        : u < 0.015 ? tests[Math.floor(r() * tests.length)] : question(r);
      texts = ['Checking the principles... fine.\\nFINAL CREATED QUESTION: ' + q];
    } else if (user.includes('well-posed')) {
      texts = [r() < 0.04 ? 'no, it contradicts itself' : 'yes, it is solvable'];
    } else {
      const u = r();
      const a = String(1 + Math.floor(r() * 500));
      texts = Array.from({ length: n }, (_, i) => {
        const ans = u < 0.04 ? (i % 2 ? a : a + '1') : u < 0.07 ? String(i * 7 + 3) : a;
        return "Let's think step by step.\\nFirst add the amounts, then multiply by the price.\\nThe answer is: " + ans + '.';
      });
    }
    const choices = texts.map((t, i) => ({ index: i, message: { role: 'assistant', content: t }, finish_reason: 'stop', logprobs: null }));
    const out = JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: body.model, choices, usage: { prompt_tokens: 200, completion_tokens: 60 * n, total_tokens: 200 + 60 * n } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  });
}).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });
`;

function recipe(url) {
  const data = (p) => JSON.stringify(path.join(root, 'data', p));
  return `passk: 1
models:
  teacher: { baseUrl: ${url}, model: bench, api: chat, concurrency: ${CONCURRENCY}, maxRetries: 2 }
datasets:
  gsm8k-train: { path: ${data('gsm8k/train.jsonl')}, question: question, answer: { field: answer, extract: gsm8k } }
  gsm8k-test: { path: ${data('gsm8k/test.jsonl')}, question: question, answer: { field: answer, extract: gsm8k } }
  math-test: { path: ${data('math/test.jsonl')}, id: idx, question: problem, answer: { field: solution, extract: boxed } }
prompts:
  xwin-question:
    system: You are a helpful assistant who writes new grade-school math word problems.
    user: "Please act as a professional math teacher. Create a similar but new question.\\n# Given Question:\\n{{ seed.question }}\\nWrite the final question after \\"FINAL CREATED QUESTION:\\"."
  xwin-verify: "Is the following math word problem well-posed, solvable, and free of contradictions? Answer yes or no.\\n{{ question }}"
  xwin-solve:
    system: You are a careful math tutor.
    user: "{{ question }}\\nSolve it step by step. In the end, write your final answer in the format of 'The answer is: <ANSWER>.'"
synthesize:
  scale:
    seeds: gsm8k-train
    perSeed: ${PER_SEED}
    generate: { model: teacher, prompt: xwin-question, parse: 'FINAL CREATED QUESTION:\\s*([\\s\\S]+)$' }
    verify: { model: teacher, prompt: xwin-verify, accept: '^\\s*(yes|valid)' }
    solve: { model: teacher, prompt: xwin-solve, samples: 4 }
    filters:
      consistency: { minAgreement: 0.5 }
      dedup: { ngram: 5, threshold: 0.9, againstSeeds: true }
      decontaminate: { against: [gsm8k-test, math-test], ngram: 13 }
    output: out/scale.jsonl
`;
}

// --- child modes: one measured run per process, so each peak RSS is that run's own --------------------------
async function childPassk(bundle, url, seeds, dir) {
  const { analyzeRecipe, runSynthesis } = require(bundle);
  const file = path.join(dir, 'bench.recipe.yaml');
  fs.writeFileSync(file, recipe(url));
  const doc = analyzeRecipe(fs.readFileSync(file, 'utf8'), { file, env: {} }).value;
  const t0 = process.hrtime.bigint();
  let last = 0;
  const r = await runSynthesis(doc, 'scale', {
    env: {}, retryBaseMs: 5, limit: seeds,
    onProgress: (p) => {
      if (Date.now() - last < 15000) return;
      last = Date.now();
      process.stderr.write(`  passk: ${p.done}/${p.total}  kept ${p.accepted}  ${p.rate.toFixed(0)}/s  ETA ${p.etaSeconds ? Math.round(p.etaSeconds) + ' s' : '?'}  rss ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MB\n`);
    },
  });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const errors = r.problems.filter((p) => p.severity === 'error').map((p) => p.message);
  const exported = fs.statSync(path.join(dir, 'out', 'scale.jsonl')).size;
  process.stdout.write(JSON.stringify({ seconds, maxRss: process.resourceUsage().maxRSS * 1024, summary: r.value && { candidates: r.value.candidates, accepted: r.value.accepted, rejected: r.value.rejected, failed: r.value.failed }, exported, errors }) + '\n');
}

async function childRaw(url, seeds) {
  const OpenAI = require(path.join(root, 'node_modules', 'openai')).default;
  const client = new OpenAI({ baseURL: url, apiKey: 'x', maxRetries: 0 });
  const questions = fs.readFileSync(path.join(root, 'data', 'gsm8k', 'train.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, seeds).map((l) => JSON.parse(l).question);
  const total = questions.length * PER_SEED;
  const t0 = process.hrtime.bigint();
  let next = 0;
  const ask = (content, n, seed) => client.chat.completions.create({ model: 'bench', messages: [{ role: 'user', content }], n, seed, temperature: 1, max_tokens: 1024 });
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const q = questions[Math.floor(i / PER_SEED)];
      const g = await ask(`Create a similar but new question.\n${q}\nWrite the final question after "FINAL CREATED QUESTION:".`, 1, i);
      const text = g.choices[0].message.content;
      await ask(`Is the following math word problem well-posed? Answer yes or no.\n${text}`, 1, i);
      await ask(`${text}\nSolve it step by step.`, 4, i);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(JSON.stringify({ seconds, maxRss: process.resourceUsage().maxRSS * 1024 }) + '\n');
}

// The engine without HTTP: every candidate's filter and storage work (dedup against seeds and all new problems,
// decontamination, journal append with its SFT row, streamed export) in one process, which is what a run's memory
// is made of. This is what `--engine` measures at full size when a shared machine cannot push 2.9 M HTTP requests
// in the time available.
async function childEngine(bundle, seeds, dir) {
  const E = require(bundle);
  const { question, rng } = require(path.join(__dirname, 'support', 'synth-questions.js'));
  const read = (p, field) => fs.readFileSync(path.join(root, 'data', p), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)[field]);
  const train = read('gsm8k/train.jsonl', 'question').slice(0, seeds);
  const t0 = process.hrtime.bigint();
  const contamination = new E.ContaminationIndex(13);
  read('gsm8k/test.jsonl', 'question').forEach((q, i) => contamination.addTestItem('gsm8k-test', String(i), q));
  read('math/test.jsonl', 'problem').forEach((q, i) => contamination.addTestItem('math-test', String(i), q));
  const dedup = new E.NearDuplicateIndex(5, 0.9);
  train.forEach((q, i) => dedup.add(`seed ${i}`, q));
  const journal = new E.CandidateJournal(path.join(dir, 'run'));
  journal.open();
  const solution = "Let's think step by step.\nFirst add the amounts, then multiply by the price.\nThe answer is: 42.";
  let kept = 0;
  for (let s = 0; s < seeds; s++) {
    for (let i = 0; i < PER_SEED; i++) {
      const key = `${s}#${i}`;
      const q = question(rng((s * PER_SEED + i + 1) >>> 0));
      const base = { key, seed: String(s), index: i, question: q };
      const dup = dedup.add(key, q);
      const hit = !dup && contamination.check(q);
      if (dup || hit) journal.append({ ...base, status: 'rejected', reason: dup ? 'duplicate' : 'contaminated', detail: dup ? dup.of : hit.id });
      else {
        kept++;
        const row = E.sftRow({ entry: 'scale', question: q, solution, answer: '42', seedId: String(s), generator: 'bench', solver: 'bench', agreement: 1, solutions: 4 });
        journal.append({ ...base, status: 'accepted', answer: '42', agreement: 1, row });
      }
    }
  }
  const plan = { seeds: train.map((_, i) => ({ id: String(i) })), def: { perSeed: PER_SEED } };
  const writer = new E.JsonlExportWriter({ file: path.join(dir, 'out', 'scale.jsonl'), recipeDir: dir, synthRoot: path.join(dir, 'none'), force: false });
  E.streamExport(plan, journal, writer);
  writer.commit();
  journal.close();
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  process.stdout.write(JSON.stringify({ seconds, kept, maxRss: process.resourceUsage().maxRSS * 1024, dedupBytes: dedup.bytes, exported: fs.statSync(path.join(dir, 'out', 'scale.jsonl')).size }) + '\n');
}

// --- driver ------------------------------------------------------------------------------------------------
function startServer() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, GSM8K_TEST: path.join(root, 'data', 'gsm8k', 'test.jsonl'), QUESTIONS: path.join(__dirname, 'support', 'synth-questions.js') } });
    child.stdout.once('data', (d) => resolve({ url: `http://127.0.0.1:${String(d).trim()}/v1`, close: () => child.kill() }));
  });
}

function runChild(args) {
  const res = spawnSync(process.execPath, [...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : []), __filename, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 26 });
  if (res.status !== 0) throw new Error(`child ${args[0]} failed (exit ${res.status})`);
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

async function main() {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child-passk') return childPassk(argv[1], argv[2], Number(argv[3]), argv[4]);
  if (argv[0] === '--child-raw') return childRaw(argv[1], Number(argv[2]));
  if (argv[0] === '--child-engine') return childEngine(argv[1], Number(argv[2]), argv[3]);
  const sizesArg = argv.indexOf('--sizes');
  const engine = argv.includes('--engine');
  const sizes = sizesArg >= 0 ? argv[sizesArg + 1].split(',').map(Number) : argv.includes('--full') ? [10_000, 100_000, 964_017] : [10_000, 100_000];
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-bench-synth-'));
  const bundle = path.join(tmp, 'engine.js');
  const src = (m) => JSON.stringify(path.join(root, 'server/src', m));
  fs.writeFileSync(path.join(tmp, 'entry.ts'), [
    `export { runSynthesis } from ${src('synthesis/run-synthesis')};`, `export { analyzeRecipe } from ${src('recipe')};`,
    `export { NearDuplicateIndex } from ${src('synthesis/near-duplicate-index')};`, `export { ContaminationIndex } from ${src('synthesis/contamination-index')};`,
    `export { CandidateJournal } from ${src('synthesis/candidate-journal')};`, `export { JsonlExportWriter } from ${src('synthesis/export-writer')};`,
    `export { streamExport } from ${src('synthesis/synth-export')};`, `export { sftRow } from ${src('synthesis/sft-row')};`, '',
  ].join('\n'));
  esbuild.buildSync({ entryPoints: [path.join(tmp, 'entry.ts')], outfile: bundle, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  const server = await startServer();
  const rows = [];
  try {
    for (const size of sizes) {
      const seeds = Math.min(7473, Math.ceil(size / PER_SEED));
      const candidates = seeds * PER_SEED;
      const dir = fs.mkdtempSync(path.join(tmp, `run-${candidates}-`));
      console.log(`${candidates} candidates (${seeds} seeds × ${PER_SEED}):`);
      if (engine) {
        const e = runChild(['--child-engine', bundle, String(seeds), dir]);
        console.log(`  engine without HTTP: ${(candidates / e.seconds).toFixed(0)} candidates/s (${e.seconds.toFixed(1)} s), peak RSS ${(e.maxRss / 2 ** 20).toFixed(0)} MB, ${(e.maxRss / candidates).toFixed(0)} bytes of peak RSS per candidate; dedup index ${(e.dedupBytes / 2 ** 20).toFixed(0)} MB; kept ${e.kept}; export ${(e.exported / 2 ** 20).toFixed(0)} MB`);
        rows.push({ candidates, rss: e.maxRss });
        fs.rmSync(dir, { recursive: true, force: true });
        continue;
      }
      const raw = runChild(['--child-raw', server.url, String(seeds)]);
      console.log(`  baseline "raw request loop": ${(candidates / raw.seconds).toFixed(0)} candidates/s (${raw.seconds.toFixed(1)} s), peak RSS ${(raw.maxRss / 2 ** 20).toFixed(0)} MB`);
      const p = runChild(['--child-passk', bundle, server.url, String(seeds), dir]);
      if (p.errors.length) console.log(`  passk errors: ${p.errors.join(' | ')}`);
      console.log(`  passk synth: ${(candidates / p.seconds).toFixed(0)} candidates/s (${p.seconds.toFixed(1)} s), peak RSS ${(p.maxRss / 2 ** 20).toFixed(0)} MB, ${(p.maxRss / candidates).toFixed(0)} bytes of peak RSS per candidate`);
      console.log(`  kept ${p.summary?.accepted} of ${p.summary?.candidates}; rejected ${JSON.stringify(p.summary?.rejected)}; export ${(p.exported / 2 ** 20).toFixed(1)} MB`);
      console.log(`  ratio passk / raw request loop: ${(raw.seconds / p.seconds).toFixed(2)}`);
      rows.push({ candidates, rss: p.maxRss });
      fs.rmSync(dir, { recursive: true, force: true });
    }
    for (let i = 1; i < rows.length; i++) {
      const a = rows[i - 1];
      const b = rows[i];
      console.log(`RSS slope ${a.candidates} → ${b.candidates}: ${((b.rss - a.rss) / (b.candidates - a.candidates)).toFixed(0)} bytes per extra candidate`);
    }
    const big = rows[rows.length - 1];
    if (big.candidates >= 964_017) console.log(`peak RSS at ${big.candidates}: ${(big.rss / 2 ** 20).toFixed(0)} MB (target ≤ 1024 MB): ${big.rss <= 2 ** 30 ? 'met' : 'NOT met'}`);
  } finally {
    server.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
