// A tiny test runner for the extension host (no mocha): tests register with `test()`, `runAll()` runs them
// in order with a timeout each, prints one line per test (the launcher forwards extension-host console output)
// and rejects when any failed, which makes VS Code exit with a non-zero code.

export interface E2eTest {
  name: string;
  fn: () => Promise<void>;
  timeoutMs: number;
}

const tests: E2eTest[] = [];

export function test(name: string, fn: () => Promise<void>, timeoutMs = 30_000): void {
  tests.push({ name, fn, timeoutMs });
}

function withTimeout(t: E2eTest): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${t.timeoutMs} ms`)), t.timeoutMs);
  });
  return Promise.race([t.fn(), timeout]).finally(() => clearTimeout(timer));
}

export async function runAll(): Promise<void> {
  const filter = process.env.PASSK_E2E_GREP;
  const selected = filter ? tests.filter((t) => t.name.includes(filter)) : tests;
  if (selected.length === 0) throw new Error(`no e2e test matches ${JSON.stringify(filter)}`);
  let failed = 0;
  const t0 = Date.now();
  for (const t of selected) {
    const start = Date.now();
    try {
      await withTimeout(t);
      console.log(`passk-e2e ✔ ${t.name} (${Date.now() - start} ms)`);
    } catch (e) {
      failed++;
      console.log(`passk-e2e ✖ ${t.name} (${Date.now() - start} ms)\n    ${e instanceof Error ? (e.stack ?? e.message).split('\n').slice(0, 6).join('\n    ') : String(e)}`);
    }
  }
  console.log(`passk-e2e: ${selected.length - failed} passed, ${failed} failed, ${selected.length} total (${Date.now() - t0} ms)`);
  if (failed > 0) throw new Error(`${failed} of ${selected.length} extension tests failed`);
}
