// The server's lifecycle over real stdio: the handshake advertises every feature the client relies on, and
// shutdown/exit ends the process cleanly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient } from './harness';

test('initialize advertises incremental sync and every feature', async () => {
  const client = await LspClient.start();
  try {
    const caps = client.initializeResult.capabilities;
    assert.deepEqual(caps.textDocumentSync, { openClose: true, change: 2, save: false });
    assert.equal(caps.hoverProvider, true);
    assert.equal(caps.definitionProvider, true);
    assert.equal(caps.referencesProvider, true);
    assert.deepEqual(caps.renameProvider, { prepareProvider: true });
    assert.equal(caps.documentSymbolProvider, true);
    assert.deepEqual(caps.codeActionProvider, { codeActionKinds: ['quickfix'] });
    assert.ok(caps.completionProvider?.triggerCharacters?.includes('{'));
    assert.equal(client.initializeResult.serverInfo?.name, 'passk');
  } finally {
    await client.stop();
  }
  assert.equal(client.alive, false);
  assert.equal(client.child.exitCode, 0);
});

test('requests about a document the server never saw answer empty instead of failing', async () => {
  const client = await LspClient.start();
  try {
    const textDocument = { uri: 'file:///nowhere/x.recipe.yaml' };
    const position = { line: 0, character: 0 };
    assert.equal(await client.request('textDocument/hover', { textDocument, position }), null);
    assert.deepEqual(await client.request('textDocument/definition', { textDocument, position }), []);
    assert.deepEqual(await client.request('textDocument/documentSymbol', { textDocument }), []);
  } finally {
    await client.stop();
  }
});
