// Sampling benchmark. Bundles the evaluation engine with esbuild, then measures:
//   1. Pipeline throughput: completions per second through the whole passk path (dataset read, prompt render,
//      scheduler, openai SDK request, parse, answer extraction, grading, append to samples.jsonl, tallies,
//      summary) against an instant loopback server in a child process, beside the named baseline "raw openai
//      SDK loop": the same number of chat.completions.create calls at the same concurrency against the same
//      server, doing nothing with the answers. Printed as a ratio passk / baseline (target >= 0.9).
//   2. Summary of a synthetic 5 000 problems x 256 samples run (1.28 M sample lines): loadRun + summarise
//      (pass@k, exact maj@k with equivalence clustering, intervals) in a fresh process; wall time and peak RSS
//      against the targets (under 5 s, under 500 MB).
// Usage: node bench/sampling.js [--quick]   (--quick: smaller sizes, for a smoke run)
const esbuild = require('esbuild');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const quick = process.argv.includes('--quick');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-bench-sampling-'));
const bundle = path.join(tmp, 'engine.js');
fs.writeFileSync(
  path.join(tmp, 'entry.ts'),
  `export * from ${JSON.stringify(path.join(root, 'server/src/eval'))};\nexport { analyzeRecipe } from ${JSON.stringify(path.join(root, 'server/src/recipe/analyze'))};\n`,
);
esbuild.buildSync({ entryPoints: [path.join(tmp, 'entry.ts')], outfile: bundle, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
const OpenAI = require(path.join(root, 'node_modules', 'openai')).default;

// The instant server: a fixed, realistic chat completion for every request, n choices honoured.
const SERVER = `
const http = require('node:http');
const text = "Let's think step by step.\\nShe has 16 - 3 - 4 = 9 eggs left and sells them for 2 dollars each.\\nThe answer is: 18.";
http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString());
    const n = body.n || 1;
    const choices = [];
    for (let i = 0; i < n; i++) choices.push({ index: i, message: { role: 'assistant', content: text }, finish_reason: 'stop', logprobs: null });
    const out = JSON.stringify({ id: 'x', object: 'chat.completion', created: 0, model: body.model, choices, usage: { prompt_tokens: 60, completion_tokens: 30 * n, total_tokens: 60 + 30 * n } });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(out) });
    res.end(out);
  });
}).listen(0, '127.0.0.1', function () { process.stdout.write(String(this.address().port) + '\\n'); });
`;

function startServer() {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.once('data', (d) => resolve({ url: `http://127.0.0.1:${String(d).trim()}/v1`, close: () => child.kill() }));
  });
}

const PROBLEMS = quick ? 300 : 1319;
const SAMPLES = 4;
const CONCURRENCY = 32;

function writeRecipe(dir, url) {
  fs.writeFileSync(path.join(dir, 'bench.recipe.yaml'), `passk: 1
models:
  m:
    baseUrl: ${url}
    model: bench
    api: chat
    concurrency: ${CONCURRENCY}
datasets:
  gsm8k:
    path: ${JSON.stringify(path.join(root, 'data', 'gsm8k', 'test.jsonl'))}
    question: question
    answer: { field: answer, extract: gsm8k }
prompts:
  cot: "{{ question }}\\nIn the end, write 'The answer is: <ANSWER>.'"
evaluate:
  bench:
    model: m
    dataset: gsm8k
    prompt: cot
    samples: ${SAMPLES}
    limit: ${PROBLEMS}
    temperature: 0.7
    maxTokens: 256
    seed: 1
    k: [1, 4]
    grader: { extract: auto, compare: math }
`);
  return path.join(dir, 'bench.recipe.yaml');
}

// Wall-clock rate, and the rate per CPU-second of this (client) process: the second is what to compare on a
// shared, loaded machine, where wall time mostly measures the other processes.
function rates(completions, sec, cpu) {
  return { wall: completions / sec, cpu: completions / ((cpu.user + cpu.system) / 1e6) };
}

async function passkRun(engine, url) {
  const dir = fs.mkdtempSync(path.join(tmp, 'run-'));
  const file = writeRecipe(dir, url);
  const doc = engine.analyzeRecipe(fs.readFileSync(file, 'utf8'), { file, env: process.env });
  if (doc.problems.some((p) => p.severity === 'error')) throw new Error(JSON.stringify(doc.problems));
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  // One choice per request, so both sides send exactly the same number of requests.
  const r = await engine.runEvaluation(doc.value, 'bench', { env: process.env, maxChoicesPerRequest: 1 });
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  if (!r.value || r.value.samples !== PROBLEMS * SAMPLES) throw new Error(`passk run incomplete: ${JSON.stringify(r.problems)}`);
  return rates(PROBLEMS * SAMPLES, sec, process.cpuUsage(c0));
}

async function rawLoop(url, prompts) {
  const client = new OpenAI({ baseURL: url, apiKey: 'none', maxRetries: 0 });
  let next = 0;
  let got = 0;
  const c0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < prompts.length) {
      const p = prompts[next++];
      const r = await client.chat.completions.create({ model: 'bench', messages: [{ role: 'user', content: p }], n: 1, temperature: 0.7, top_p: 1, max_tokens: 256, seed: 1 });
      got += r.choices.length;
    }
  }));
  const sec = Number(process.hrtime.bigint() - t0) / 1e9;
  if (got !== prompts.length) throw new Error('raw loop lost completions');
  return rates(got, sec, process.cpuUsage(c0));
}

async function throughput() {
  const engine = require(bundle);
  const server = await startServer();
  try {
    const questions = fs.readFileSync(path.join(root, 'data', 'gsm8k', 'test.jsonl'), 'utf8').split('\n').filter(Boolean).slice(0, PROBLEMS).map((l) => JSON.parse(l).question);
    const prompts = questions.flatMap((q) => Array.from({ length: SAMPLES }, () => `${q}\nIn the end, write 'The answer is: <ANSWER>.'`));
    await rawLoop(server.url, prompts.slice(0, 400)); // warm both paths (JIT, keep-alive sockets)
    await passkRun(engine, server.url);
    const p = [];
    const b = [];
    for (let round = 0; round < 3; round++) {
      b.push(await rawLoop(server.url, prompts));
      p.push(await passkRun(engine, server.url));
    }
    const best = (xs, key) => Math.max(...xs.map((x) => x[key]));
    const list = (xs, key) => xs.map((x) => x[key].toFixed(0)).join(', ');
    console.log(`pipeline throughput: ${PROBLEMS} problems x ${SAMPLES} samples, concurrency ${CONCURRENCY}, one choice per request, instant loopback server (load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores)`);
    console.log(`  passk pipeline (request+parse+extract+grade+store): ${best(p, 'wall').toFixed(0)} completions/s wall (rounds ${list(p, 'wall')}), ${best(p, 'cpu').toFixed(0)} per CPU-second`);
    console.log(`  baseline raw openai SDK loop:                      ${best(b, 'wall').toFixed(0)} completions/s wall (rounds ${list(b, 'wall')}), ${best(b, 'cpu').toFixed(0)} per CPU-second`);
    const ratio = best(p, 'wall') / best(b, 'wall');
    const cpuRatio = best(p, 'cpu') / best(b, 'cpu');
    console.log(`  ratio passk / raw SDK: ${ratio.toFixed(3)} wall, ${cpuRatio.toFixed(3)} per CPU-second (target >= 0.9: ${ratio >= 0.9 ? 'met' : 'NOT met'} on wall, ${cpuRatio >= 0.9 ? 'met' : 'NOT met'} on CPU)`);
  } finally {
    server.close();
  }
}

// The synthetic run: per-problem latent skill, answers gold or one of three near misses, some unanswered.
function writeSyntheticRun(dir, problems, samples) {
  fs.mkdirSync(dir, { recursive: true });
  let seed = 7;
  const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);
  const fd = fs.openSync(path.join(dir, 'samples.jsonl'), 'w');
  for (let p = 0; p < problems; p++) {
    const skill = rnd() < 0.1 ? 0 : rnd() ** 2;
    const gold = String(10 + (p % 900));
    const misses = [String(Number(gold) + 1), String(Number(gold) * 2), `\\frac{${gold}}{2}`];
    const lines = [];
    for (let i = 0; i < samples; i++) {
      const correct = rnd() < skill;
      const unanswered = !correct && rnd() < 0.05;
      const answer = unanswered ? null : correct ? gold : misses[Math.floor(rnd() * rnd() * 3)];
      const text = `Let's think step by step. Step ${i}: combine the quantities.\nThe answer is: ${answer ?? '(none)'}`;
      lines.push(JSON.stringify({ problem: String(p + 1), index: i, answer, correct, tokens: { prompt: 80, completion: 40 }, latencyMs: 900, finish: 'stop', text }));
    }
    fs.writeSync(fd, lines.join('\n') + '\n');
  }
  fs.closeSync(fd);
  const now = new Date().toISOString();
  fs.writeFileSync(path.join(dir, 'run.json'), JSON.stringify({
    kind: 'eval', version: 2, sampleIdentity: 'c'.repeat(64), figures: 'd'.repeat(64), entry: 'synthetic', recipe: '/synthetic.recipe.yaml', fingerprint: '0'.repeat(64), created: now, updated: now,
    model: { name: 'm', model: 'synthetic', api: 'chat', endpoint: '', baseUrls: [] }, dataset: { name: 'd', path: '/d.jsonl', sha256: '' },
    prompt: { name: 'p', user: '{{ question }}' }, params: { temperature: 0.7, topP: 1, maxTokens: 512 }, samples, k: [1, 8, 64, 256],
    grader: { extract: 'auto', compare: 'math' }, problems, expect: {},
  }));
}

function summaryRun() {
  const problems = quick ? 500 : 5000;
  const samples = 256;
  const dir = path.join(tmp, 'synthetic');
  const t0 = Date.now();
  writeSyntheticRun(dir, problems, samples);
  const bytes = fs.statSync(path.join(dir, 'samples.jsonl')).size;
  console.log(`\nsummary of a synthetic run: ${problems} problems x ${samples} samples (${(bytes / 1e6).toFixed(0)} MB samples.jsonl, written in ${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  // A fresh process, so peak RSS is the summary's own and not this script's.
  const script = `
    const engine = require(${JSON.stringify(bundle)});
    const t0 = process.hrtime.bigint();
    const loaded = engine.loadRun(${JSON.stringify(dir)});
    const tallied = engine.tallyStoredRun(loaded.value);
    const readSec = Number(process.hrtime.bigint() - t0) / 1e9;
    const s = engine.summarizeStoredRun(loaded.value, ${JSON.stringify(dir)}, tallied);
    const sec = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage();
    process.stdout.write(JSON.stringify({ sec, readSec, cpuSec: (cpu.user + cpu.system) / 1e6, rssMB: process.resourceUsage().maxRSS / 1024, samples: s.samples, pass1: s.passAtK['1'], pass256: s.passAtK['256'], maj256: s.majAtK['256'] }));
  `;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
  const m = JSON.parse(r.stdout);
  if (m.samples !== problems * samples) throw new Error(`summary counted ${m.samples} samples`);
  console.log(`  loadRun + summarise: ${m.sec.toFixed(2)} s (target < 5 s: ${m.sec < 5 ? 'met' : 'NOT met'}; ratio to target ${(m.sec / 5).toFixed(2)})`);
  console.log(`    (CPU time of the summarising process ${m.cpuSec.toFixed(2)} s, load average ${os.loadavg()[0].toFixed(1)}); of which streaming samples.jsonl into tallies: ${m.readSec.toFixed(2)} s; statistics (pass@k, exact maj@k, intervals): ${(m.sec - m.readSec).toFixed(2)} s`);
  console.log(`  peak RSS of the summarising process: ${m.rssMB.toFixed(0)} MB (target < 500 MB: ${m.rssMB < 500 ? 'met' : 'NOT met'}; ratio to target ${(m.rssMB / 500).toFixed(2)})`);
  console.log(`  figures: pass@1 ${m.pass1.toFixed(4)}, pass@256 ${m.pass256.toFixed(4)}, maj@256 ${m.maj256.toFixed(4)}`);
}

throughput()
  .then(summaryRun)
  .finally(() => fs.rmSync(tmp, { recursive: true, force: true }))
  .catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
