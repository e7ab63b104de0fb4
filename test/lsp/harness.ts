// A real LSP client for tests: it spawns `node dist/server.js --stdio` and speaks JSON-RPC over the child's
// stdin/stdout with vscode-jsonrpc's stream reader and writer, exactly as an editor does. Anyone testing a
// server feature (CodeLens, inlay hints, custom passk/… requests) can reuse it:
//
//   const client = await LspClient.start({ initializationOptions: { diagnosticsDelayMs: 0 } });
//   client.open(uri, text);
//   const diags = await client.waitForDiagnostics(uri);
//   await client.stop();
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  Diagnostic,
  InitializeResult,
  Position,
  PublishDiagnosticsParams,
  Range,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import { dist, repoRoot } from '../helpers/paths';

/** Builds dist/ once when it is missing, so `node --test out/test/lsp` works on a fresh checkout too. */
export function ensureServerBuilt(): string {
  const server = path.join(dist, 'server.js');
  if (!fs.existsSync(server)) {
    const res = spawnSync(process.execPath, ['esbuild.js'], { cwd: repoRoot, stdio: 'inherit' });
    if (res.status !== 0) throw new Error('node esbuild.js failed; cannot start the language server');
  }
  return server;
}

export interface StartOptions {
  initializationOptions?: unknown;
  env?: NodeJS.ProcessEnv;
  rootUri?: string | null;
  /** Keep every raw byte written to and read from the server in `wire` (for scans of the JSON-RPC traffic). */
  captureWire?: boolean;
  /** Completion list defaults the client declares it takes (`completionList.itemDefaults`, as VS Code does). */
  completionItemDefaults?: string[];
}

/** The raw JSON-RPC traffic of a session started with `captureWire`, headers included. */
export interface WireCapture {
  sent: Buffer[];
  received: Buffer[];
}

export class LspClient {
  /** Every publishDiagnostics notification in arrival order. */
  readonly published: PublishDiagnosticsParams[] = [];
  /** window/logMessage texts (where the server logs handler failures). */
  readonly logs: string[] = [];
  /** Every other notification (e.g. the custom `passk/…` ones), in arrival order. */
  readonly notifications: Array<{ method: string; params: unknown }> = [];
  stderr = '';
  initializeResult!: InitializeResult;
  /** Raw bytes both ways when started with `captureWire`, from the very first message on. */
  readonly wire: WireCapture = { sent: [], received: [] };
  private readonly waiters: Array<() => void> = [];
  private readonly versions = new Map<string, number>();
  private exited = false;

  private constructor(
    readonly child: ChildProcessWithoutNullStreams,
    readonly rpc: MessageConnection,
  ) {
    child.stderr.on('data', (d: Buffer) => (this.stderr += d.toString()));
    child.on('exit', () => {
      this.exited = true;
      this.wake();
    });
    rpc.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      this.wake();
    });
    rpc.onNotification('window/logMessage', (p: { message: string }) => {
      this.logs.push(p.message);
      this.wake();
    });
    rpc.onNotification((method: string, params: unknown) => {
      this.notifications.push({ method, params });
      this.wake();
    });
    // The server may ask for configuration or register capabilities; an editor answers, so the harness does.
    rpc.onRequest('workspace/configuration', (p: { items: unknown[] }) => p.items.map(() => null));
    rpc.onRequest('client/registerCapability', () => null);
    rpc.onRequest('window/workDoneProgress/create', () => null);
  }

  static async start(options: StartOptions = {}): Promise<LspClient> {
    const server = ensureServerBuilt();
    const child = spawn(process.execPath, [server, '--stdio'], {
      cwd: repoRoot,
      env: options.env ?? process.env,
      stdio: 'pipe',
    });
    let capture: WireCapture | undefined;
    if (options.captureWire) {
      // Tapped below the JSON-RPC reader and writer, so what is kept is exactly what crossed the pipes.
      const sent: Buffer[] = [];
      const received: Buffer[] = [];
      capture = { sent, received };
      child.stdout.on('data', (b: Buffer) => received.push(Buffer.from(b)));
      const write = child.stdin.write.bind(child.stdin) as (...a: unknown[]) => boolean;
      child.stdin.write = ((chunk: unknown, ...rest: unknown[]) => {
        sent.push(chunk instanceof Uint8Array ? Buffer.from(chunk) : Buffer.from(String(chunk)));
        return write(chunk, ...rest);
      }) as typeof child.stdin.write;
    }
    const rpc = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, rpc);
    if (capture) Object.assign(client.wire, capture);
    rpc.listen();
    client.initializeResult = await rpc.sendRequest('initialize', {
      processId: process.pid,
      rootUri: options.rootUri ?? pathToFileURL(repoRoot).toString(),
      capabilities: {
        textDocument: {
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, dataSupport: true },
          completion: {
            completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'] },
            ...(options.completionItemDefaults ? { completionList: { itemDefaults: options.completionItemDefaults } } : {}),
          },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          rename: { prepareSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } } },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
        workspace: { workspaceEdit: { documentChanges: false } },
      },
      initializationOptions: options.initializationOptions,
      workspaceFolders: null,
    });
    rpc.sendNotification('initialized', {});
    return client;
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.rpc.sendRequest(method, params) as Promise<R>;
  }

  notify(method: string, params: unknown): void {
    void this.rpc.sendNotification(method, params);
  }

  open(uri: string, text: string, languageId = 'passk-recipe'): void {
    this.versions.set(uri, 1);
    this.notify('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Sends one didChange (full text when `changes` is a string) and returns the new version. */
  change(uri: string, changes: string | TextDocumentContentChangeEvent[]): number {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const contentChanges = typeof changes === 'string' ? [{ text: changes }] : changes;
    this.notify('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    return version;
  }

  close(uri: string): void {
    this.notify('textDocument/didClose', { textDocument: { uri } });
  }

  /** Resolves with the first diagnostics set for `uri` (published after `since`) that satisfies `accept`. */
  async waitForDiagnostics(
    uri: string,
    accept: (p: PublishDiagnosticsParams) => boolean = () => true,
    options: { since?: number; timeoutMs?: number } = {},
  ): Promise<PublishDiagnosticsParams> {
    const since = options.since ?? 0;
    const found = await this.waitFor(
      () => this.published.slice(since).find((p) => p.uri === uri && accept(p)),
      options.timeoutMs ?? 10_000,
      `diagnostics for ${uri}`,
    );
    return found;
  }

  /** Polls `probe` whenever a message arrives until it returns a value, the server exits or time runs out. */
  async waitFor<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = probe();
      if (value !== undefined) return value;
      if (this.exited) throw new Error(`server exited while waiting for ${what}; stderr: ${this.stderr}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 200));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  get alive(): boolean {
    return !this.exited;
  }

  async stop(): Promise<void> {
    if (this.exited) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 2000))]);
      this.notify('exit', null);
    } catch {
      // The server is already gone or broken; the kill below still ends the child.
    }
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
    this.rpc.dispose();
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }
}

export function fileUri(file: string): string {
  return pathToFileURL(file).toString();
}

/** LSP position of the `occurrence`-th (0-based) match of `needle` in `text`, plus `delta` characters. */
export function positionOf(text: string, needle: string, occurrence = 0, delta = 0): Position {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = text.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${occurrence + 1} times`);
  }
  return offsetToPosition(text, at + delta);
}

export function rangeOf(text: string, needle: string, occurrence = 0): Range {
  const start = positionOf(text, needle, occurrence);
  return { start, end: { line: start.line, character: start.character + needle.length } };
}

export function offsetToPosition(text: string, offset: number): Position {
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}

export function errorsOf(p: PublishDiagnosticsParams): Diagnostic[] {
  return p.diagnostics.filter((d) => d.severity === 1);
}

/**
 * The text of a diagnostic's message. LSP 3.18 lets a message be markup; passk always sends plain strings, so
 * markup here is itself a failure the assertion should show.
 */
export function messageText(d: Diagnostic): string {
  if (typeof d.message !== 'string') throw new Error(`diagnostic message is markup, not text: ${JSON.stringify(d.message)}`);
  return d.message;
}
