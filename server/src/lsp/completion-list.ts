// Completion answers in the LSP's compact form when the client allows it. A list of model or dataset names in a
// large recipe can hold hundreds of items that all replace the same range; LSP 3.17's `itemDefaults.editRange`
// lets the list say that range once, which shrinks the answer several times over (500 model names: about 86 KB
// as separate text edits). A client that did not declare the capability gets every item with its own edit.
import type { CompletionItem, CompletionList, InitializeParams, Range } from 'vscode-languageserver/node';

/** Whether the client accepts `itemDefaults.editRange` on a completion list. */
export function supportsEditRangeDefault(params: InitializeParams): boolean {
  return params.capabilities.textDocument?.completion?.completionList?.itemDefaults?.includes('editRange') === true;
}

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** `items` as a list whose shared edit range is said once, when every item replaces the same range. */
export function compactCompletion(items: CompletionItem[], editRangeDefault: boolean): CompletionItem[] | CompletionList {
  if (!editRangeDefault || items.length < 2) return items;
  const first = items[0]?.textEdit;
  if (!first || !('range' in first)) return items;
  const range = first.range;
  const compact: CompletionItem[] = [];
  for (const item of items) {
    const edit = item.textEdit;
    if (!edit || !('range' in edit) || !sameRange(edit.range, range)) return items;
    const { textEdit: _edit, ...rest } = item;
    // The label is what is inserted unless the item says otherwise (textEditText).
    compact.push(edit.newText === item.label ? rest : { ...rest, textEditText: edit.newText });
  }
  return { isIncomplete: false, itemDefaults: { editRange: range }, items: compact };
}
