// The run results of the dataset file in the active editor, fetched from the server (`passk/datasetResults`)
// and shared by the results view and the heat decorations. It refetches when the active editor changes and
// when the server republishes the file's diagnostics (a run finished, a baseline was chosen), debounced so a
// live run's once-a-second refresh costs one request.
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { DatasetResultsRequest, type DatasetResultsResult } from '../../server/src/protocol/requests';
import { request } from './server-requests';

const DEBOUNCE_MS = 300;

/** Whether a document is a dataset the server annotates (JSON Lines or a JSON array on disk). */
export function isDatasetDocument(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && /\.jsonl?$/i.test(doc.uri.fsPath) && !/\.recipe\.ya?ml$/i.test(doc.uri.fsPath);
}

export class DatasetResults implements vscode.Disposable {
  uri: vscode.Uri | undefined;
  result: DatasetResultsResult = { rows: [] };
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly client: () => LanguageClient | undefined) {
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => this.schedule(0)),
      // The dataset in front counts even before its first answer arrived: the first request can reach the server
      // before the document does (its answer is then empty), and the diagnostics published once the server has
      // the file are what brings the results.
      vscode.languages.onDidChangeDiagnostics((e) => {
        const doc = vscode.window.activeTextEditor?.document;
        const watched = [this.uri, doc && isDatasetDocument(doc) ? doc.uri : undefined].filter((u): u is vscode.Uri => u !== undefined).map((u) => u.toString());
        if (e.uris.some((u) => watched.includes(u.toString()))) this.schedule(DEBOUNCE_MS);
      }),
    ];
  }

  /** Refetches after `delayMs`; calls in between coalesce into one request. */
  schedule(delayMs = 0): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.refresh();
    }, delayMs);
  }

  async refresh(): Promise<void> {
    const doc = vscode.window.activeTextEditor?.document;
    // Another kind of file in front keeps the last dataset's results: the view still navigates it.
    if (doc && !isDatasetDocument(doc)) return;
    const uri = doc?.uri;
    const c = this.client();
    const generation = ++this.generation;
    let result: DatasetResultsResult = { rows: [] };
    if (uri && c) {
      try {
        result = await request(c, DatasetResultsRequest, { uri: uri.toString() });
      } catch {
        result = { rows: [] }; // a server without the request, or one restarting: no results to show
      }
    }
    // A newer refresh started meanwhile; its answer wins.
    if (generation !== this.generation) return;
    this.uri = uri;
    this.result = result;
    this.changed.fire();
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.changed.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}
