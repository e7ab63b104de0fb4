// A small seeded generator (mulberry32). Confidence intervals must be reproducible: the same run scored twice
// has to print the same interval, so nothing here may touch Math.random.

export type Rng = () => number;

export function seededRng(seed: number): Rng {
  let a = (Math.floor(seed) >>> 0) || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
