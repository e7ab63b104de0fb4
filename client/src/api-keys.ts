// API keys live in VS Code's SecretStorage (the OS keychain where available), one per model name of a recipe.
// They never go to settings, files or logs; the run controller reads them only when a run starts in a
// trusted workspace and hands them to the server inside that one request.
import * as vscode from 'vscode';

const prefix = 'passk.apiKey.';

export class ApiKeyStore {
  constructor(private readonly secrets: vscode.SecretStorage) {}

  async set(model: string, key: string): Promise<void> {
    await this.secrets.store(prefix + model, key);
  }

  async delete(model: string): Promise<void> {
    await this.secrets.delete(prefix + model);
  }

  /** The stored keys for the given model names; models without a stored key are left out. */
  async keysFor(models: readonly string[]): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    for (const m of models) {
      const key = await this.secrets.get(prefix + m);
      if (key) out[m] = key;
    }
    return out;
  }
}
