// Dataset reading benchmark: rows/s and peak RSS when a run streams a 1M-row dataset, per format. Three files
// with the same synthetic MATH-like rows are generated in a temp folder (not committed):
//   - plain JSONL                      the baseline: the format passk always read, streamed line by line;
//   - JSONL.gz (gzip level 6)          vs baseline: decompression on top of the same line splitting;
//   - Parquet (row groups of 100k)     vs baseline: hyparquet decoding a row group at a time.
// Each read runs in its own node process, through forEachDatasetRow (the streaming core under eval, synthesis
// seeds and preview) with rows dropped as they come, so peak RSS is what reading costs, not what keeping rows
// costs. An idle process with the same bundle loaded is the RSS floor. Each figure is the faster of two runs. PASSK_BENCH_ROWS changes the row count.
const esbuild = require('esbuild');
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const zlib = require('node:zlib');

const root = path.join(__dirname, '..');
const ROWS = Number(process.env.PASSK_BENCH_ROWS ?? 1_000_000);

function bundle() {
  const outFile = path.join(os.tmpdir(), `passk-bench-datasets-${process.pid}.js`);
  esbuild.buildSync({ entryPoints: [path.join(root, 'server/src/datasets/index.ts')], outfile: outFile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
  return outFile;
}

/**
 * The process's own peak RSS. getrusage's maxRSS is not used: on Linux a spawned child inherits the parent's
 * high-water mark across fork, and the parent held the generated columns; VmHWM belongs to the new image alone.
 */
function peakRssMb() {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) / 1024 : process.resourceUsage().maxRSS / 1024;
}

async function child(bundleFile, file) {
  const core = require(bundleFile);
  if (!file) {
    console.log(JSON.stringify({ rows: 0, ms: 0, maxRssMb: peakRssMb() }));
    return;
  }
  let rows = 0;
  let chars = 0;
  const t0 = process.hrtime.bigint();
  const problems = await core.forEachDatasetRow({ path: file, question: 'problem', id: 'id', answer: { field: 'answer' } }, {}, (row) => {
    rows++;
    chars += row.question.length;
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (problems.length) throw new Error(`${file}: ${problems[0].message}`);
  console.log(JSON.stringify({ rows, ms, chars, maxRssMb: peakRssMb() }));
}

function row(i) {
  const a = (i * 7919) % 1000;
  const b = (i * 104729) % 997;
  return { id: `p${i}`, problem: `Let $x = ${a}$ and $y = ${b}$. Compute the value of $x^2 + y$, then reduce it modulo ${(i % 89) + 11}.`, answer: String((a * a + b) % ((i % 89) + 11)), meta: { level: `Level ${(i % 5) + 1}`, type: 'Algebra' } };
}

async function generate(dir) {
  const jsonl = path.join(dir, 'rows.jsonl');
  const out = fs.createWriteStream(jsonl);
  const gz = zlib.createGzip({ level: 6 });
  const gzFile = path.join(dir, 'rows.jsonl.gz');
  const gzDone = new Promise((resolve, reject) => gz.pipe(fs.createWriteStream(gzFile)).on('finish', resolve).on('error', reject));
  const batch = 10_000;
  for (let start = 0; start < ROWS; start += batch) {
    let text = '';
    for (let i = start; i < Math.min(ROWS, start + batch); i++) text += JSON.stringify(row(i)) + '\n';
    if (!out.write(text)) await new Promise((r) => out.once('drain', r));
    if (!gz.write(text)) await new Promise((r) => gz.once('drain', r));
  }
  out.end();
  gz.end();
  await Promise.all([new Promise((r) => out.on('finish', r)), gzDone]);
  const { parquetWriteFile } = await import('hyparquet-writer');
  const cols = { id: [], problem: [], answer: [], level: [] };
  for (let i = 0; i < ROWS; i++) {
    const r = row(i);
    cols.id.push(r.id);
    cols.problem.push(r.problem);
    cols.answer.push(r.answer);
    cols.level.push(r.meta.level);
  }
  const pq = path.join(dir, 'rows.parquet');
  await parquetWriteFile({ filename: pq, rowGroupSize: 100_000, columnData: Object.entries(cols).map(([name, data]) => ({ name, data })) });
  return { jsonl, gz: gzFile, pq };
}

/** The faster of two runs, so the first read of a file (a cold page cache) does not decide its figure. */
function measure(bundleFile, file) {
  const a = measureOnce(bundleFile, file);
  if (!file) return a;
  const b = measureOnce(bundleFile, file);
  return a.ms <= b.ms ? a : b;
}

function measureOnce(bundleFile, file) {
  const res = spawnSync(process.execPath, [__filename, '--child', bundleFile, file ?? ''], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (res.status !== 0) throw new Error(res.stderr);
  return JSON.parse(res.stdout.trim().split('\n').pop());
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-bench-datasets-'));
  const bundleFile = bundle();
  try {
    const t0 = Date.now();
    const files = await generate(dir);
    const mb = (f) => (fs.statSync(f).size / 1048576).toFixed(1);
    console.log(`generated ${ROWS} rows in ${((Date.now() - t0) / 1000).toFixed(1)} s: JSONL ${mb(files.jsonl)} MB, JSONL.gz ${mb(files.gz)} MB, Parquet ${mb(files.pq)} MB`);
    const idle = measure(bundleFile);
    const base = measure(bundleFile, files.jsonl);
    const line = (name, r) => {
      const rate = r.rows / (r.ms / 1000);
      const baseRate = base.rows / (base.ms / 1000);
      console.log(`${name.padEnd(22)} ${String(r.rows).padStart(8)} rows  ${(r.ms / 1000).toFixed(2).padStart(6)} s  ${Math.round(rate).toLocaleString('en-US').padStart(10)} rows/s (${(rate / baseRate).toFixed(2)}× baseline)  peak RSS ${r.maxRssMb.toFixed(0).padStart(4)} MB (${(r.maxRssMb - idle.maxRssMb).toFixed(0)} MB above idle)`);
      if (r.rows !== ROWS) throw new Error(`${name}: read ${r.rows} rows, expected ${ROWS}`);
      if (r.chars !== base.chars) throw new Error(`${name}: question text differs from the JSONL read`);
    };
    console.log(`idle process with the bundle: peak RSS ${idle.maxRssMb.toFixed(0)} MB`);
    line('JSONL (baseline)', base);
    line('JSONL.gz', measure(bundleFile, files.gz));
    line('Parquet', measure(bundleFile, files.pq));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(bundleFile, { force: true });
  }
}

if (process.argv[2] === '--child') child(process.argv[3], process.argv[4]).catch((e) => { console.error(e); process.exit(1); });
else main().catch((e) => { console.error(e); process.exit(1); });
