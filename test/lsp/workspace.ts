// A throw-away folder holding one recipe and the small dataset files it names, for protocol tests that need
// real files on disk (dataset hovers, missing-file diagnostics, problems inside a dataset file).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TextEdit } from 'vscode-languageserver-protocol';
import { fileUri, offsetToPosition } from './harness';

export interface Workspace {
  dir: string;
  file(name: string): string;
  uri(name: string): string;
  write(name: string, text: string): string;
  remove(): void;
}

export function makeWorkspace(files: Record<string, string> = {}): Workspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-lsp-'));
  const ws: Workspace = {
    dir,
    file: (name) => path.join(dir, name),
    uri: (name) => fileUri(path.join(dir, name)),
    write: (name, text) => {
      const p = path.join(dir, name);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
      return p;
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  for (const [name, text] of Object.entries(files)) ws.write(name, text);
  return ws;
}

export const TINY_JSONL = [
  '{"question": "Tom has 3 apples and buys 2 more. How many apples does he have?", "answer": "3 + 2 = 5\\n#### 5"}',
  '{"question": "What is 6 times 7?", "answer": "#### 42"}',
  '{"question": "What is 10 minus 4?", "answer": "#### 6"}',
].join('\n') + '\n';

/** A valid recipe exercising every section; tests locate positions in it by searching its text. */
export const DEMO_RECIPE = `passk: 1
name: demo
models:
  teacher:
    baseUrl: http://127.0.0.1:9/v1
    model: gpt-test
  student:
    baseUrl: http://127.0.0.1:9/v1
    model: small
    api: completions
datasets:
  tiny:
    path: tiny.jsonl
    question: question
    answer: { field: answer, extract: gsm8k }
prompts:
  cot: "Solve: {{ question }}"
  chat:
    system: You are careful.
    user: "Problem {{ id }}: {{ question }}"
evaluate:
  e1:
    model: student
    dataset: tiny
    prompt: cot
    samples: 4
    temperature: 0.7
    k: [1, 2]
  e2:
    model: teacher
    dataset: tiny
    prompt: chat
`;

/** Applies LSP text edits to a text (edits must not overlap), as an editor would. */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const off = (p: { line: number; character: number }) => lineStarts[p.line]! + p.character;
  const sorted = [...edits].sort((a, b) => off(b.range.start) - off(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, off(e.range.start)) + e.newText + out.slice(off(e.range.end));
  return out;
}

export { offsetToPosition };
