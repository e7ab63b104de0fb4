// Deterministic randomness for the simulator. Every simulated sample is a pure function of (problem, seed,
// choice), so a run that retried through injected faults produces exactly the same samples as a clean run;
// that exactness is what lets the fault tests compare figures with `deepEqual` instead of tolerances.

/** FNV-1a over UTF-16 code units: fast, stable across platforms, good enough to spread problem identities. */
export function hashString(text: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** mulberry32, shared with the statistics code: a tiny PRNG whose whole state is one 32-bit word. */
export { seededRng as rng } from '../stats/seededRng';

/** Mixes several integers into one seed, so (problem, seed, choice) triples never collide in practice. */
export function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const p of parts) {
    h ^= p >>> 0;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
    h ^= h >>> 16;
  }
  return h >>> 0;
}
