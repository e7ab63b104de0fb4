// Gathers the stored API keys a run or live preview of one entry may send, asking first about every endpoint
// that has no key of its own while passk knows a key for that model elsewhere (another host, or a key entered
// by model name before keys were bound to endpoints). The prompt names the origin the key will be sent to; a
// key is never reused for another origin. Trusted workspaces only: callers check trust before calling.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ModelEndpointsRequest, type ModelEndpointsParams } from '../../server/src/protocol/requests';
import { bindingOf } from '../../server/src/sampling/secrets';
import type { ApiKeyStore, MissingKey } from './api-keys';
import { request } from './server-requests';

function question(m: MissingKey): string {
  const why = m.knownAt.length
    ? `passk has a key for "${m.name}" at ${m.knownAt.join(', ')}, but sends a key only to the endpoint it was entered for.`
    : `passk no longer uses keys stored by model name only.`;
  return `Model "${m.name}" (${m.model}) is served at ${m.origin}. ${why} Enter the API key for ${m.origin}, or leave it empty if that endpoint needs none.`;
}

/** Binding → key for the entry's models; undefined when the user dismissed a prompt (the request is not sent). */
export async function gatherKeys(client: LanguageClient, store: ApiKeyStore, params: ModelEndpointsParams): Promise<Record<string, string> | undefined> {
  const { models } = await request(client, ModelEndpointsRequest, params);
  const found = await store.lookup(models);
  for (const m of found.missing) {
    const key = await vscode.window.showInputBox({ title: `passk: API key for ${m.origin}`, prompt: question(m), password: true, ignoreFocusOut: true });
    if (key === undefined) return undefined;
    if (key === '') {
      await store.declineKey(m.name, m.model, m.origin);
      continue;
    }
    await store.set({ name: m.name, model: m.model, origins: [m.origin] }, key);
    found.keys[bindingOf(m.origin, m.model)] = key;
  }
  return found.keys;
}
