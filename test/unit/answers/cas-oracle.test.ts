// Differential test against a computer algebra system: a seeded generator builds random rational expressions in
// x and y, then an equivalent rewrite (reordering, distributing, scaling a fraction, unfolding a square) or a
// near miss (one constant, sign or exponent changed) of each. passk grades the LaTeX forms; SymPy (Debian's
// python3-sympy, installed by .ci/run) decides the plain-text forms by cancelling their difference, which is a
// complete decision for rational functions. Every disagreement is printed with both forms. python3 runs once
// with the whole batch as JSON on stdin. Without python3 or SymPy the test fails: the oracle is a requirement.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { answersEqual } from '../../../server/src/answers';

type Node = { k: 'x' | 'y' } | { k: 'n'; v: number } | { k: 'add' | 'mul'; a: Node[] } | { k: 'neg'; a: Node } | { k: 'pow'; a: Node; e: number } | { k: 'div'; a: Node; b: Node };

const PAIRS = 3000;
const SEED = 0x5eed;

let state = SEED;
const rnd = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;

function leaf(): Node {
  const r = rnd();
  return r < 0.4 ? { k: 'x' } : r < 0.6 ? { k: 'y' } : { k: 'n', v: int(1, 9) };
}

/**
 * Powers never nest, which keeps degrees small: passk probes with a relative tolerance, and a changed constant
 * inside a degree-27 polynomial would move its value by less than that tolerance.
 */
function gen(depth: number, inPow = false): Node {
  if (depth === 0 || rnd() < 0.25) return leaf();
  const r = rnd();
  if (r < 0.35) return { k: 'add', a: [gen(depth - 1, inPow), gen(depth - 1, inPow), ...(rnd() < 0.3 ? [gen(depth - 1, inPow)] : [])] };
  if (r < 0.65) return { k: 'mul', a: [gen(depth - 1, inPow), gen(depth - 1, inPow)] };
  if (r < 0.75) return { k: 'neg', a: gen(depth - 1, inPow) };
  if (r < 0.88 && !inPow) return { k: 'pow', a: gen(depth - 1, true), e: int(2, 3) };
  if (r < 0.88) return leaf();
  // Denominators never vanish at passk's probe points (|x| in [0.5, 2.5)): x^2 + k or a constant.
  return { k: 'div', a: gen(depth - 1, inPow), b: rnd() < 0.5 ? { k: 'add', a: [{ k: 'pow', a: { k: pick(['x', 'y'] as const) }, e: 2 }, { k: 'n', v: int(1, 5) }] } : { k: 'n', v: int(2, 7) } };
}

function latex(n: Node): string {
  switch (n.k) {
    case 'x':
    case 'y':
      return n.k;
    case 'n':
      return String(n.v);
    case 'add':
      return n.a.map((x, i) => (i > 0 && !latex(x).startsWith('-') ? '+' : '') + latex(x)).join('');
    case 'mul':
      return n.a.map((x) => `\\left(${latex(x)}\\right)`).join('\\cdot ');
    case 'neg':
      return `-\\left(${latex(n.a)}\\right)`;
    case 'pow':
      return `\\left(${latex(n.a)}\\right)^{${n.e}}`;
    case 'div':
      return `\\frac{${latex(n.a)}}{${latex(n.b)}}`;
  }
}

function plain(n: Node): string {
  switch (n.k) {
    case 'x':
    case 'y':
      return n.k;
    case 'n':
      return `S(${n.v})`;
    case 'add':
      return `(${n.a.map(plain).join(' + ')})`;
    case 'mul':
      return `(${n.a.map(plain).join('*')})`;
    case 'neg':
      return `(-${plain(n.a)})`;
    case 'pow':
      return `(${plain(n.a)})**${n.e}`;
    case 'div':
      return `(${plain(n.a)})/(${plain(n.b)})`;
  }
}

/** An equivalent form: reorder, distribute a product over a sum, scale a fraction, unfold a square. */
function rewrite(n: Node): Node {
  switch (n.k) {
    case 'add':
      return { k: 'add', a: [...n.a.map(rewrite)].reverse() };
    case 'mul': {
      const [a, b] = n.a as [Node, Node];
      if (b.k === 'add' && rnd() < 0.6) return { k: 'add', a: b.a.map((t) => ({ k: 'mul', a: [rewrite(a), t] }) as Node) };
      return { k: 'mul', a: [rewrite(b), rewrite(a)] };
    }
    case 'neg':
      return rnd() < 0.5 ? { k: 'mul', a: [{ k: 'n', v: -1 } as Node, rewrite(n.a)].map((x) => x) } : { k: 'neg', a: rewrite(n.a) };
    case 'pow':
      return n.e === 2 && rnd() < 0.5 ? { k: 'mul', a: [rewrite(n.a), rewrite(n.a)] } : { k: 'pow', a: rewrite(n.a), e: n.e };
    case 'div': {
      const k = int(2, 4);
      return rnd() < 0.5 ? { k: 'div', a: { k: 'mul', a: [{ k: 'n', v: k }, rewrite(n.a)] }, b: { k: 'mul', a: [{ k: 'n', v: k }, n.b] } } : { k: 'div', a: rewrite(n.a), b: n.b };
    }
    default:
      return n;
  }
}

/** A near miss: the same form with one constant, sign or exponent changed somewhere (it may still be equal). */
function perturb(n: Node): Node {
  const spots: Node[] = [];
  const walk = (m: Node) => {
    if (m.k === 'n' || m.k === 'pow' || m.k === 'neg' || m.k === 'x' || m.k === 'y') spots.push(m);
    if (m.k === 'add' || m.k === 'mul') m.a.forEach(walk);
    else if (m.k === 'neg' || m.k === 'pow') walk(m.a);
    else if (m.k === 'div') walk(m.a);
  };
  walk(n);
  const target = pick(spots);
  const change = (m: Node): Node => {
    if (m === target) {
      if (m.k === 'n') return { k: 'n', v: m.v + pick([1, -1, 2]) };
      if (m.k === 'pow') return { k: 'pow', a: m.a, e: m.e === 2 ? 3 : 2 };
      if (m.k === 'neg') return m.a;
      return { k: 'add', a: [m, { k: 'n', v: 1 }] };
    }
    switch (m.k) {
      case 'add':
      case 'mul':
        return { k: m.k, a: m.a.map(change) };
      case 'neg':
        return { k: 'neg', a: change(m.a) };
      case 'pow':
        return { k: 'pow', a: change(m.a), e: m.e };
      case 'div':
        return { k: 'div', a: change(m.a), b: m.b };
      default:
        return m;
    }
  };
  return change(n);
}

/** SymPy decides each pair; a rational function is zero exactly when its cancelled form is. */
const ORACLE = `
import json, sys
from sympy import S, symbols, cancel, together, expand
x, y = symbols('x y')
pairs = json.load(sys.stdin)
out = []
for a, b in pairs:
    d = eval(a, {'S': S, 'x': x, 'y': y}) - eval(b, {'S': S, 'x': x, 'y': y})
    out.append(bool(expand(cancel(together(d))) == 0))
json.dump(out, sys.stdout)
`;

test(`CAS oracle: passk agrees with SymPy on ${PAIRS} random expression pairs (seed ${SEED})`, () => {
  const pairs: { g: Node; p: Node }[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const g = gen(3);
    pairs.push({ g, p: i % 2 === 0 ? rewrite(g) : perturb(rewrite(g)) });
  }
  const res = spawnSync(oraclePython(), ['-c', ORACLE], { input: JSON.stringify(pairs.map(({ g, p }) => [plain(g), plain(p)])), encoding: 'utf8', maxBuffer: 64 << 20, timeout: 300_000 });
  assert.ok(!res.error, `python3 could not run (${res.error?.message}); install python3 and python3-sympy (see .ci/run)`);
  assert.equal(res.status, 0, `the SymPy oracle failed; install python3-sympy (see .ci/run):\n${res.stderr}`);
  const truth = JSON.parse(res.stdout) as boolean[];
  assert.equal(truth.length, PAIRS);
  const disagreements: string[] = [];
  let equal = 0;
  pairs.forEach(({ g, p }, i) => {
    if (truth[i]) equal++;
    const ours = answersEqual(latex(g), latex(p), 'math');
    if (ours !== truth[i]) disagreements.push(`SymPy says ${truth[i] ? 'equal' : 'different'}, passk ${ours ? 'equal' : 'different'}:\n  passk: ${latex(g)}  vs  ${latex(p)}\n  sympy: ${plain(g)}  vs  ${plain(p)}`);
  });
  console.log(`CAS oracle: ${PAIRS} pairs (${equal} equal, ${PAIRS - equal} different per SymPy), ${disagreements.length} disagreements`);
  for (const d of disagreements.slice(0, 20)) console.log(d);
  // Both verdicts must occur in bulk, or the generator has stopped testing anything.
  assert.ok(equal > PAIRS * 0.4 && PAIRS - equal > PAIRS * 0.3, `${equal} of ${PAIRS} equal`);
  assert.deepEqual(disagreements, []);
});

/**
 * The interpreter that has SymPy: Debian's python3 (where `apt-get install python3-sympy` puts it) comes first,
 * since a version manager's python3 earlier on PATH does not see Debian's packages; then whatever python3 is on
 * PATH.
 */
function oraclePython(): string {
  for (const candidate of ['/usr/bin/python3', 'python3']) {
    if (spawnSync(candidate, ['-c', 'import sympy'], { encoding: 'utf8' }).status === 0) return candidate;
  }
  return 'python3';
}
