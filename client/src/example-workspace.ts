// "passk: Create Example Workspace": copies the starter recipes and their small datasets (with licences and
// provenance) out of the installed extension, so the walkthrough works from the .vsix alone. With a folder open,
// the examples go to its `passk-examples/` subfolder (the workspace must be trusted: passk writes no file in
// an untrusted one); with none, the user picks a folder, which is then opened. Existing files are never
// overwritten, so running it twice loses none of the user's edits.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { planWrite, starterFiles } from './starter-files';

export const exampleFolderName = 'passk-examples';
export const firstRecipe = 'gsm8k-sim.recipe.yaml';

export interface ExampleWorkspaceResult {
  dir: string;
  written: string[];
  kept: string[];
}

/** The configured simulator port, which both the examples and "Start Simulator" use. */
export function simulatorPort(): number {
  const port = vscode.workspace.getConfiguration('passk').get<number>('simulator.port', 8787);
  return Number.isInteger(port) && port > 0 && port < 65536 ? port : 8787;
}

async function targetFolder(arg: unknown): Promise<{ dir: string; inWorkspace: boolean } | undefined> {
  if (typeof arg === 'string' && arg !== '') return { dir: path.resolve(arg), inWorkspace: vscode.workspace.getWorkspaceFolder(vscode.Uri.file(arg)) !== undefined };
  const folder = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file');
  if (folder) return { dir: path.join(folder.uri.fsPath, exampleFolderName), inWorkspace: true };
  const picked = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: 'Create passk examples here' });
  const dir = picked?.[0]?.fsPath;
  return dir ? { dir, inWorkspace: false } : undefined;
}

export async function createExampleWorkspace(context: vscode.ExtensionContext, arg?: unknown): Promise<ExampleWorkspaceResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('passk writes no file in an untrusted workspace; trust it, or run this command in an empty window.');
    return undefined;
  }
  const target = await targetFolder(arg);
  if (!target) return undefined;
  const plan = planWrite(starterFiles(context.asAbsolutePath('starter'), simulatorPort()), target.dir);
  for (const f of plan.write) {
    const file = path.join(target.dir, f.rel);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    await fs.promises.writeFile(file, f.content, { flag: 'wx' });
  }
  const result = { dir: target.dir, written: plan.write.map((f) => f.rel), kept: plan.keep };
  const recipe = vscode.Uri.file(path.join(target.dir, firstRecipe));
  if (target.inWorkspace) {
    await vscode.window.showTextDocument(recipe);
    const note = plan.keep.length ? ` (${plan.keep.length} existing files kept as they were)` : '';
    void vscode.window.showInformationMessage(`passk: wrote ${plan.write.length} example files to ${target.dir}${note}. Next: "passk: Start Simulator".`);
  } else {
    // Opening a folder reloads the window, so nothing after this line would run; the walkthrough stays open.
    await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(target.dir));
  }
  return result;
}
