// Grading benchmark. Bundles the pure answers/stats core with esbuild, then measures on one core:
//   - GSM8K: graded pairs per second, golds of data/gsm8k/test.jsonl against realistic predictions (plain,
//     "$18", "18.00", "1,234", "18 dollars", wrong neighbours), target >= 20 000 pairs/s; and extract+grade of
//     whole outputs ending in "The answer is …";
//   - MATH: golds (\boxed{} of data/math/test.jsonl) against equivalent rewrites and near-miss rewrites,
//     target >= 2 000 pairs/s;
//   - maj@k time for n = 256 and n = 1024 samples with a realistic answer distribution.
// Every throughput is printed against the named baseline run side by side: "exact match", plain string
// equality after trimming (what lm-eval-style graders do). Fidelity is reported too: the fraction of MATH golds
// extracted, agreement on equivalent rewrites (should be 1) and on near misses (should be 0), for passk and the
// baseline. Parse caches are cleared before every timed round, so figures are cold-cache.
const esbuild = require('esbuild');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.join(__dirname, '..');
const outFile = path.join(os.tmpdir(), `passk-bench-grading-${process.pid}.js`);
fs.writeFileSync(
  outFile + '.entry.ts',
  `export * from ${JSON.stringify(path.join(root, 'server/src/answers'))};\nexport * as stats from ${JSON.stringify(path.join(root, 'server/src/stats'))};\nexport * as conformance from ${JSON.stringify(path.join(root, 'test/helpers/conformance'))};\n`,
);
esbuild.buildSync({ entryPoints: [outFile + '.entry.ts'], outfile: outFile, bundle: true, platform: 'node', target: 'node20', format: 'cjs', logLevel: 'warning' });
const core = require(outFile);
fs.rmSync(outFile, { force: true });
fs.rmSync(outFile + '.entry.ts', { force: true });

const readJsonl = (f) => fs.readFileSync(path.join(root, f), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));
const baseline = (g, p) => g.trim() === p.trim();

/** Deterministic generator so every run grades the same pairs. */
let seed = 12345;
const rnd = () => ((seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0) / 4294967296);

function rate(pairs, fn, rounds = 5) {
  let best = Infinity;
  let equal = 0;
  for (let r = 0; r < rounds; r++) {
    core.clearAnswerCache();
    const t0 = process.hrtime.bigint();
    let e = 0;
    for (const [g, p] of pairs) if (fn(g, p)) e++;
    const dt = Number(process.hrtime.bigint() - t0) / 1e9;
    best = Math.min(best, dt);
    equal = e;
  }
  return { perSec: pairs.length / best, equal };
}

const fmt = (x) => Math.round(x).toLocaleString('en-US');
const pct = (x) => `${(100 * x).toFixed(1)}%`;
const verdict = (v, target) => (v >= target ? 'meets target' : 'BELOW TARGET');

// ---- GSM8K ----
const gsm = readJsonl('data/gsm8k/test.jsonl').map((r) => core.extractGold(r.answer, 'gsm8k').answer).filter((g) => g !== null);
const withCommas = (s) => s.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
const gsmPairs = [];
for (const g of gsm) {
  const n = Number(g.replace(/,/g, ''));
  const variants = [g, `${g}.00`, `$${g}`, withCommas(g), `${g} dollars`, String(n + 1), String(-n), `${n}.5`];
  for (const v of variants) gsmPairs.push([g, v]);
}
const gsmOurs = rate(gsmPairs, (g, p) => core.answersEqual(g, p, 'math'));
const gsmBase = rate(gsmPairs, baseline);
const gsmOutputs = gsmPairs.map(([g, p]) => [g, `Let me compute step by step. ${Math.floor(rnd() * 100)} + 3 = something.\nThe answer is: ${p}.`]);
const gsmExtract = rate(gsmOutputs, (g, out) => {
  const a = core.extractAnswer(out, 'auto').answer;
  return a !== null && core.answersEqual(g, a, 'math');
});
console.log(`GSM8K: ${gsm.length} golds x 8 predictions = ${gsmPairs.length} pairs`);
console.log(`  passk answersEqual      ${fmt(gsmOurs.perSec).padStart(12)} pairs/s  (target >= 20,000: ${verdict(gsmOurs.perSec, 20000)})`);
console.log(`  baseline exact match    ${fmt(gsmBase.perSec).padStart(12)} pairs/s  (ratio passk/baseline ${(gsmOurs.perSec / gsmBase.perSec).toFixed(3)})`);
console.log(`  passk extract + grade   ${fmt(gsmExtract.perSec).padStart(12)} outputs/s`);
console.log(`  equal verdicts: passk ${gsmOurs.equal}/${gsmPairs.length} (5 of 8 variants are equal: expect ${gsm.length * 5}), baseline ${gsmBase.equal}`);

// ---- MATH ----
const mathRows = readJsonl('data/math/test.jsonl');
const golds = mathRows.map((r) => core.extractGold(r.solution, 'boxed').answer);
const extracted = golds.filter((g) => g !== null);

/** Rewrites a gold into an equivalent form, or null when no rewrite applies. */
function equivalent(g) {
  const options = [];
  if (/\\frac\{/.test(g)) options.push(g.replace(/\\frac\{/g, '\\dfrac{'));
  if (/^\\frac\{(\d+)\}\{(\d+)\}$/.test(g)) options.push(g.replace(/^\\frac\{(\d+)\}\{(\d+)\}$/, '$1/$2'), g.replace(/^\\frac\{(\d+)\}\{(\d+)\}$/, (_m, a, b) => `\\frac{${2 * a}}{${2 * b}}`));
  if (/^-?\d+$/.test(g)) options.push(`${g}.0`, `$${g}$`, `\\boxed{${g}}`);
  if (/^\d{4,}$/.test(g)) options.push(withCommas(g));
  if (/\\sqrt\{(\d)\}/.test(g)) options.push(g.replace(/\\sqrt\{(\d)\}/g, '\\sqrt$1'));
  if (/^\(.*\)$/.test(g)) options.push(`\\left${g.slice(0, 1)} ${g.slice(1, -1)} \\right)`);
  if (/^[^(){}[\]]+,[^(){}[\]]+$/.test(g) && !/\d,(?:\\!)?\s*\d{3}/.test(g)) options.push(g.split(',').reverse().join(', '));
  if (/^[a-z]\s*=/.test(g) === false && /^-?\d+(\.\d+)?$/.test(g)) options.push(`x = ${g}`);
  options.push(` ${g} `.replace(/([+\-=])/g, ' $1 '));
  // Harder rewrites a model might produce: decimals for terminating fractions, reordered sums, slash fractions,
  // radicals with the coefficient moved inside, interval membership, text without \text{}.
  const frac = /^(-?)\\frac\{(\d+)\}\{(\d+)\}$/.exec(g);
  if (frac && /^(?:2|5)*$/.test(factorOut(Number(frac[3])))) options.push(`${frac[1]}${(Number(frac[2]) / Number(frac[3])).toString()}`);
  const sum = /^([^+\-{}()=<>]+)\+([^+\-{}()=<>]+)$/.exec(g);
  if (sum) options.push(`${sum[2]}+${sum[1]}`);
  const slash = /^\\frac\{([^{}]+)\}\{([^{}]+)\}$/.exec(g);
  if (slash) options.push(`(${slash[1]})/(${slash[2]})`);
  const rad = /^(\d+)\\sqrt\{(\d+)\}$/.exec(g);
  if (rad) options.push(`\\sqrt{${Number(rad[1]) ** 2 * Number(rad[2])}}`);
  if (/^[([].*[)\]]$/.test(g) && /\\infty/.test(g)) options.push(`x \\in ${g}`);
  const text = /^\\text\{([A-Za-z ]+)\}$/.exec(g);
  if (text) options.push(text[1].toLowerCase());
  // Prefer the harder rewrites when one applies, so the fidelity figure is not carried by trivial ones.
  const hard = options.slice(options.indexOf(` ${g} `.replace(/([+\-=])/g, ' $1 ')) + 1);
  const pool = hard.length && rnd() < 0.7 ? hard : options;
  return pool[Math.floor(rnd() * pool.length)];
}

/** Strips factors of 2 and 5 and reports what is left as digits ("" when nothing is left): 2^a 5^b denominators terminate. */
function factorOut(n) {
  while (n > 1 && n % 2 === 0) n /= 2;
  while (n > 1 && n % 5 === 0) n /= 5;
  return n === 1 ? '' : String(n);
}

/** Rewrites a gold into a near miss: a changed digit, a flipped sign, swapped digits, or a missing factor. */
function nearMiss(g) {
  const options = [];
  // Digits of a unit's exponent (cm^2) are not part of the answer's value.
  const digits = [...g.matchAll(/\d/g)].filter((d) => !/\}\s*\^\s*\{?$/.test(g.slice(0, d.index)));
  if (digits.length) {
    const d = digits[digits.length - 1];
    options.push(g.slice(0, d.index) + String((Number(d[0]) + 1) % 10) + g.slice(d.index + 1));
  }
  const swap = /(\d)(\d)/.exec(g);
  if (swap && swap[1] !== swap[2]) options.push(g.slice(0, swap.index) + swap[2] + swap[1] + g.slice(swap.index + 2));
  const sum = /^([^+\-{}()=<>]+)\+([^+\-{}()=<>]+)$/.exec(g);
  if (sum) options.push(`${sum[1]}-${sum[2]}`);
  const rad = /^(\d+)\\sqrt\{(\d+)\}$/.exec(g);
  if (rad && rad[1] !== '1') options.push(`\\sqrt{${rad[2]}}`);
  if (!/[,=<>]|\\begin|\\cup|\\text|\\pm/.test(g) && !/^-?0$/.test(g)) options.push(g.startsWith('-') ? g.slice(1) : `-${g}`, `2\\left(${g}\\right)`);
  return options.length ? options[Math.floor(rnd() * options.length)] : null;
}

const eqPairs = [];
const missPairs = [];
for (const g of extracted) {
  eqPairs.push([g, equivalent(g)]);
  const m = nearMiss(g);
  if (m !== null && m.replace(/\s/g, '') !== g.replace(/\s/g, '')) missPairs.push([g, m]);
}
const mathPairs = [...eqPairs, ...missPairs];
const mathOurs = rate(mathPairs, (g, p) => core.answersEqual(g, p, 'math'), 3);
const mathBase = rate(mathPairs, baseline, 3);
const agreeEq = eqPairs.filter(([g, p]) => core.answersEqual(g, p, 'math')).length / eqPairs.length;
const agreeMiss = missPairs.filter(([g, p]) => core.answersEqual(g, p, 'math')).length / missPairs.length;
const baseEq = eqPairs.filter(([g, p]) => baseline(g, p)).length / eqPairs.length;
const baseMiss = missPairs.filter(([g, p]) => baseline(g, p)).length / missPairs.length;
const selfEq = extracted.filter((g) => core.answersEqual(g, `$${g}$`, 'math')).length / extracted.length;
console.log(`\nMATH: ${extracted.length}/${mathRows.length} golds extracted (${pct(extracted.length / mathRows.length)}); ${eqPairs.length} equivalent + ${missPairs.length} near-miss rewrites`);
console.log(`  passk answersEqual      ${fmt(mathOurs.perSec).padStart(12)} pairs/s  (target >= 20,000: ${verdict(mathOurs.perSec, 20000)})`);
console.log(`  baseline exact match    ${fmt(mathBase.perSec).padStart(12)} pairs/s  (ratio passk/baseline ${(mathOurs.perSec / mathBase.perSec).toFixed(4)})`);
console.log(`  fidelity: equal(gold, equivalent rewrite) passk ${pct(agreeEq)} vs baseline ${pct(baseEq)} (higher is better)`);
console.log(`            equal(gold, near miss)          passk ${pct(agreeMiss)} vs baseline ${pct(baseMiss)} (lower is better)`);
console.log(`            equal(gold, $gold$)             passk ${pct(selfEq)}`);
if (process.env.PASSK_BENCH_VERBOSE) {
  for (const [g, p] of eqPairs) if (!core.answersEqual(g, p, 'math')) console.log('  missed equivalent:', g, '|', p);
  for (const [g, p] of missPairs) if (core.answersEqual(g, p, 'math')) console.log('  accepted near miss:', g, '|', p);
}

// ---- Conformance corpus (test/fixtures/grading/conformance, docs/grading.md) ----
// Agreement with the labelled verdicts per category, beside the time the whole corpus takes to grade; the
// baseline is exact match on the same rows (outputs compared whole).
{
  const rows = core.conformance.loadConformance(path.join(root, 'test/fixtures/grading/conformance'));
  core.clearAnswerCache();
  const t0 = process.hrtime.bigint();
  const scores = core.conformance.scoreConformance(rows);
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const agree = scores.reduce((a, s) => a + s.agree, 0);
  const falseEqual = scores.reduce((a, s) => a + s.falseEqual, 0);
  const baseAgree = rows.filter((r) => baseline(r.gold, r.pred) === r.equal).length;
  console.log(`\nConformance: ${rows.length} labelled pairs in ${scores.length} categories, graded at ${fmt(rows.length / secs)} pairs/s (cold cache)`);
  console.log(`  passk agreement ${pct(agree / rows.length)} (target >= 98%: ${verdict(agree / rows.length, 0.98)}), near misses called equal ${falseEqual} (target 0); baseline exact match ${pct(baseAgree / rows.length)}`);
  for (const s of scores) {
    const base = rows.filter((r) => r.category === s.category && baseline(r.gold, r.pred) === r.equal).length;
    console.log(`  ${s.category.padEnd(22)} ${`${s.agree}/${s.rows}`.padStart(8)} ${pct(s.agree / s.rows).padStart(7)}  near misses called equal ${s.falseEqual}  (baseline ${pct(base / s.rows)})`);
  }
}

// ---- maj@k ----
function distribution(n) {
  // A realistic spread: a leading answer, a runner-up, a tail of small clusters and singletons, some unanswered.
  const sizes = [Math.round(n * 0.45), Math.round(n * 0.2), Math.round(n * 0.08), Math.round(n * 0.05)];
  let left = n - sizes.reduce((a, b) => a + b, 0) - Math.round(n * 0.05);
  while (left > 0) {
    const s = Math.min(left, 1 + Math.floor(rnd() * 3));
    sizes.push(s);
    left -= s;
  }
  return { sizes, unanswered: Math.round(n * 0.05) };
}
console.log('\nmaj@k (exact expectation over all k-subsets), baseline = maj@k from the first k samples only');
for (const n of [256, 1024]) {
  const { sizes, unanswered } = distribution(n);
  for (const correct of [0, 1]) {
    const ks = [1, 8, 64, n];
    const t0 = process.hrtime.bigint();
    const values = ks.map((k) => core.stats.majAtK(sizes, correct, unanswered, k));
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const labels = [];
    sizes.forEach((s, c) => { for (let i = 0; i < s; i++) labels.push(c); });
    for (let i = 0; i < unanswered; i++) labels.push(-1);
    for (let i = labels.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [labels[i], labels[j]] = [labels[j], labels[i]]; }
    const t1 = process.hrtime.bigint();
    const firstK = ks.map((k) => {
      const votes = new Map();
      for (const l of labels.slice(0, k)) if (l >= 0) votes.set(l, (votes.get(l) || 0) + 1);
      const max = Math.max(0, ...votes.values());
      return votes.get(correct) === max && max > 0 ? 1 : 0;
    });
    const baseMs = Number(process.hrtime.bigint() - t1) / 1e6;
    console.log(`  n=${String(n).padStart(4)} clusters=${sizes.length} correct=${correct === 0 ? 'plurality' : 'runner-up'}: k=${ks.join('/')} -> ${values.map((v) => v.toFixed(4)).join(' ')} in ${ms.toFixed(1)} ms (first-k baseline ${firstK.join(' ')} in ${baseMs.toFixed(2)} ms)`);
  }
}
// Adversarial shapes (many equal clusters, so ties are everywhere) bound the worst case of the programme.
for (const [label, sizes] of [['512 clusters of 2', Array(512).fill(2)], ['64 clusters of 16', Array(64).fill(16)]]) {
  const t0 = process.hrtime.bigint();
  const v = core.stats.majAtK(sizes, 0, 0, 256);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  console.log(`  worst case n=1024 ${label}, k=256 -> ${v.toFixed(6)} (exactly 1/${sizes.length} by symmetry) in ${ms.toFixed(1)} ms`);
}
console.log(`\n(load average during the run: ${os.loadavg().map((x) => x.toFixed(1)).join(' ')} on ${os.cpus().length} cores; figures are single-threaded)`);
