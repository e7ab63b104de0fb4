// Injected faults for the simulator. Tests switch them on per server instance to prove that retries, resume
// and determinism hold under the failures real endpoints show: 500s, 429 with Retry-After, connections dropped
// before any response, and bodies cut short mid-JSON.
export type FaultKind = 'error500' | 'rate429' | 'drop' | 'truncate';

export interface FaultConfig {
  /** Probability per completion request of each fault; they are tried in this order. */
  error500?: number;
  rate429?: number;
  drop?: number;
  truncate?: number;
  /** Seconds sent in Retry-After with 429s (may be fractional; default 0.05 to keep tests fast). */
  retryAfterSeconds?: number;
  /** Fail exactly the first N completion requests (cycling through the kinds with a non-zero rate), then behave; the rates then only select kinds. */
  failFirst?: number;
}

const KINDS: FaultKind[] = ['error500', 'rate429', 'drop', 'truncate'];

/** Decides the fault, if any, for the `count`-th completion request (0-based) with a uniform draw `u`. */
export function pickFault(cfg: FaultConfig, count: number, u: number): FaultKind | undefined {
  const enabled = KINDS.filter((k) => (cfg[k] ?? 0) > 0);
  if (cfg.failFirst !== undefined) return count < cfg.failFirst ? (enabled.length ? enabled[count % enabled.length] : 'error500') : undefined;
  let acc = 0;
  for (const k of KINDS) {
    acc += cfg[k] ?? 0;
    if (u < acc) return k;
  }
  return undefined;
}

/** Parses the CLI form `500:0.1,429:0.05,drop:0.02,truncate:0.02` into a FaultConfig; throws on a bad token. */
export function parseFaultSpec(spec: string): FaultConfig {
  const cfg: FaultConfig = {};
  const names: Record<string, FaultKind> = { '500': 'error500', '429': 'rate429', drop: 'drop', truncate: 'truncate' };
  for (const part of spec.split(',').map((s) => s.trim()).filter(Boolean)) {
    const [name, value] = part.split(':');
    const kind = names[name ?? ''];
    const p = Number(value);
    if (!kind || !Number.isFinite(p) || p < 0 || p > 1) {
      throw new Error(`bad fault "${part}": expected NAME:PROBABILITY with NAME one of 500, 429, drop, truncate`);
    }
    cfg[kind] = p;
  }
  return cfg;
}
