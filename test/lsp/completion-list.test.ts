// A client that declares `completionList.itemDefaults: ['editRange']` (VS Code does) gets completion lists whose
// shared edit range is said once; one that does not gets every item with its own text edit. Both must insert
// exactly the same text at exactly the same place.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { CompletionItem, CompletionList } from 'vscode-languageserver-protocol';
import { compactCompletion } from '../../server/src/lsp/completion-list';
import { LspClient, positionOf } from './harness';
import { DEMO_RECIPE, makeWorkspace, TINY_JSONL, type Workspace } from './workspace';

let ws: Workspace;
before(() => {
  ws = makeWorkspace({ 'tiny.jsonl': TINY_JSONL });
});
after(() => ws.remove());

const MANY_MODELS = DEMO_RECIPE.replace(
  'models:\n',
  `models:\n${Array.from({ length: 60 }, (_, i) => `  extra${i}:\n    baseUrl: http://127.0.0.1:9/v1\n    model: m${i}\n`).join('')}`,
);

/** What each completion item inserts and where: the same for either form of the answer. */
function inserts(answer: CompletionItem[] | CompletionList): string[] {
  const list = Array.isArray(answer) ? { items: answer, itemDefaults: undefined } : answer;
  return list.items
    .map((item) => {
      const edit = item.textEdit && 'range' in item.textEdit ? item.textEdit : undefined;
      const range = edit?.range ?? list.itemDefaults?.editRange;
      assert.ok(range && 'start' in range, `item ${item.label} has a range`);
      return `${item.label} → ${edit?.newText ?? item.textEditText ?? item.label} @ ${JSON.stringify(range)}`;
    })
    .sort();
}

async function completeModel(client: LspClient, name: string): Promise<CompletionItem[] | CompletionList> {
  const uri = ws.uri(name);
  client.open(uri, MANY_MODELS);
  await client.waitForDiagnostics(uri);
  return client.request('textDocument/completion', { textDocument: { uri }, position: positionOf(MANY_MODELS, 'model: teacher', 0, 'model: '.length) });
}

test('with itemDefaults.editRange the model names come as a compact list that inserts what the plain list does', async () => {
  const plainClient = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
  const compactClient = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 }, completionItemDefaults: ['commitCharacters', 'editRange', 'data'] });
  try {
    const plain = await completeModel(plainClient, 'plain.recipe.yaml');
    const compact = await completeModel(compactClient, 'compact.recipe.yaml');
    assert.ok(Array.isArray(plain) && plain.every((i) => i.textEdit), 'a client without the capability gets one edit per item');
    assert.ok(!Array.isArray(compact) && compact.itemDefaults?.editRange, 'the capable client gets a list with a default range');
    assert.ok(compact.items.every((i) => i.textEdit === undefined));
    assert.ok(compact.items.length >= 62, `${compact.items.length} items`);
    assert.deepEqual(inserts(compact), inserts(plain));
    assert.ok(JSON.stringify(compact).length < JSON.stringify(plain).length * 0.7);
  } finally {
    await plainClient.stop();
    await compactClient.stop();
  }
});

test('items that replace different ranges, or insert other text than their label, keep it', () => {
  const range = (c: number) => ({ start: { line: 1, character: c }, end: { line: 1, character: c + 2 } });
  const mixed: CompletionItem[] = [
    { label: 'a', textEdit: { range: range(0), newText: 'a' } },
    { label: 'b', textEdit: { range: range(5), newText: 'b' } },
  ];
  assert.equal(compactCompletion(mixed, true), mixed);
  const keys: CompletionItem[] = [
    { label: 'samples', textEdit: { range: range(0), newText: 'samples: ' } },
    { label: 'k', textEdit: { range: range(0), newText: 'k: ' } },
  ];
  assert.deepEqual(compactCompletion(keys, true), {
    isIncomplete: false,
    itemDefaults: { editRange: range(0) },
    items: [
      { label: 'samples', textEditText: 'samples: ' },
      { label: 'k', textEditText: 'k: ' },
    ],
  });
  assert.equal(compactCompletion(keys, false), keys);
});
