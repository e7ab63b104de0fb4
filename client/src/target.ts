// Works out which recipe and entry a command is about. Commands arrive from CodeLenses (the server passes
// [uri: string, entry: string]), from the editor title (a vscode.Uri) or from the palette (nothing: the active
// editor). Entry names come from the server (`passk/entries`), so the client never parses a recipe itself.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { EntriesRequest, type EntriesResult, type EntryKind } from '../../server/src/protocol/requests';
import { languageId } from './language-client';
import { request } from './server-requests';

export function recipeUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.length > 0) return vscode.Uri.parse(arg);
  const doc = vscode.window.activeTextEditor?.document;
  return doc && doc.languageId === languageId ? doc.uri : undefined;
}

export async function entriesOf(client: LanguageClient, uri: vscode.Uri): Promise<EntriesResult> {
  // The server analyses documents it has open; opening it here makes a command work on a recipe that is
  // only named by a CodeLens argument or an explorer selection.
  await vscode.workspace.openTextDocument(uri);
  return request(client, EntriesRequest, { uri: uri.toString() });
}

/** The entry named by `arg`, the only entry of `kind`, or the user's pick; undefined when there is none or the pick is dismissed. */
export async function pickEntry(entries: EntriesResult, kind: EntryKind, arg: unknown): Promise<string | undefined> {
  const names = entries.entries.filter((e) => e.kind === kind).map((e) => e.name);
  if (typeof arg === 'string' && arg.length > 0) return arg;
  if (names.length <= 1) return names[0];
  return vscode.window.showQuickPick(names, { placeHolder: `Which ${kind === 'evaluate' ? 'evaluation' : kind === 'synthesize' ? 'synthesis' : 'entry'}?` });
}
