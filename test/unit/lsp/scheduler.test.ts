// When the diagnostics scheduler analyses: at once for a document that was idle (an open, the first edit after a
// pause), after the debounce while typing, at once when a request flushes it, and never twice for one version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DiagnosticScheduler } from '../../../server/src/lsp/scheduler';

const turn = () => new Promise((resolve) => setImmediate(resolve));
const DEBOUNCE_MS = 60_000;

function recording() {
  const runs: Array<[string, number]> = [];
  const scheduler = new DiagnosticScheduler(DEBOUNCE_MS, (uri, version) => runs.push([uri, version]));
  return { runs, scheduler };
}

test('an opened document announced as opened and as changed is analysed at once, once', async () => {
  const { runs, scheduler } = recording();
  // vscode-languageserver's TextDocuments fires onDidOpen and then onDidChangeContent for the same version.
  scheduler.schedule('a', 1);
  scheduler.schedule('a', 1);
  await turn();
  assert.deepEqual(runs, [['a', 1]]);
  await turn();
  assert.deepEqual(runs, [['a', 1]]);
  scheduler.cancel('a');
});

test('an edit soon after the previous one waits for the debounce, and a flush runs it at once', async () => {
  const { runs, scheduler } = recording();
  scheduler.schedule('a', 1);
  await turn();
  scheduler.schedule('a', 2);
  scheduler.schedule('a', 3);
  await turn();
  assert.deepEqual(runs, [['a', 1]], 'typing is coalesced behind the debounce');
  assert.equal(scheduler.isCurrent('a', 3), true);
  scheduler.flush('a');
  assert.deepEqual(runs, [['a', 1], ['a', 3]], 'a request that needs the current version does not wait');
  scheduler.flush('a');
  assert.deepEqual(runs, [['a', 1], ['a', 3]], 'nothing pending, nothing run');
  scheduler.cancel('a');
});

test('a closed document runs nothing that was pending for it', async () => {
  const { runs, scheduler } = recording();
  scheduler.schedule('b', 1);
  scheduler.cancel('b');
  await turn();
  assert.deepEqual(runs, []);
});
