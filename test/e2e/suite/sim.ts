// Starts `passk sim` (the OpenAI-compatible simulator shipped in the extension's dist/cli.js) on 127.0.0.1 for
// the run tests, answering the fixture dataset's problems, and stops it afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { extensionId, workspaceFile } from './helpers';

export interface Sim {
  url: string;
  stop(): void;
}

export async function startSim(port: number, latencyMs = 2): Promise<Sim> {
  const ext = vscode.extensions.getExtension(extensionId);
  if (!ext) throw new Error(`${extensionId} is not installed`);
  const cli = path.join(ext.extensionPath, 'dist', 'cli.js');
  const dataset = workspaceFile('data/tiny.jsonl').fsPath;
  const child: ChildProcess = spawn(process.execPath, [cli, 'sim', '--port', String(port), '--dataset', dataset, '--latency-ms', String(latencyMs)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`passk sim did not start: ${out}`)), 15_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+\/v1)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`passk sim exited with ${code}: ${out}`)));
  });
  return { url, stop: () => void child.kill('SIGTERM') };
}
