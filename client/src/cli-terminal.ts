// "passk: Open Terminal with passk": a terminal whose PATH starts with a folder holding a `passk` launcher for
// the CLI bundled in the extension (cli-shim.ts), and whose PASSK_SIM_URL points at the running simulator, so
// `passk eval gsm8k-sim.recipe.yaml` works there as it does in the editor. The CLI calls models, so the
// command is refused in an untrusted workspace, like runs.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { pathWithShim, shimDir, shimFiles } from './cli-shim';

/** Writes the launchers (again each time, so an updated extension's path is the one used) and returns their folder. */
export async function writeShims(context: vscode.ExtensionContext): Promise<string> {
  const dir = shimDir(context.globalStorageUri.fsPath);
  await fs.promises.mkdir(dir, { recursive: true });
  for (const f of shimFiles(process.execPath, context.asAbsolutePath(path.join('dist', 'cli.js')), process.platform)) {
    const file = path.join(dir, f.name);
    await fs.promises.writeFile(file, f.content);
    if (f.executable) await fs.promises.chmod(file, 0o755);
  }
  return dir;
}

export async function openCliTerminal(context: vscode.ExtensionContext, simulatorUrl: string | undefined): Promise<vscode.Terminal | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('The passk CLI calls models, so its terminal is disabled until you trust this workspace.');
    return undefined;
  }
  const dir = await writeShims(context);
  const env: Record<string, string> = { PATH: pathWithShim(dir, process.env.PATH, process.platform) };
  if (simulatorUrl) env.PASSK_SIM_URL = simulatorUrl;
  const cwd = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri;
  const terminal = vscode.window.createTerminal({ name: 'passk', env, ...(cwd ? { cwd } : {}), message: 'passk: the bundled CLI is on PATH here; try "passk --help".' });
  terminal.show();
  return terminal;
}
