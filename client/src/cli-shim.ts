// The `passk` command a terminal opened by "passk: Open Terminal with passk" finds on its PATH: a small launcher
// in the extension's global storage that runs the bundled dist/cli.js with the extension host's own Node (or
// Electron run as Node), so a user of the .vsix needs neither npm nor a global install. Pure: the extension
// writes what these functions return.
import * as path from 'node:path';

export interface ShimFile {
  name: string;
  content: string;
  executable: boolean;
}

/** Quotes a path for a POSIX shell (single quotes; an embedded quote is closed, escaped and reopened). */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * The launchers for `runtime` (a Node or Electron executable) and `cli` (dist/cli.js). ELECTRON_RUN_AS_NODE makes
 * VS Code's Electron behave as plain Node; Node itself ignores the variable.
 */
export function shimFiles(runtime: string, cli: string, platform: NodeJS.Platform): ShimFile[] {
  if (platform === 'win32') {
    // cmd.exe: paths in double quotes (a Windows path cannot contain one); %* passes every argument on.
    return [{ name: 'passk.cmd', content: `@echo off\r\nset ELECTRON_RUN_AS_NODE=1\r\n"${runtime}" "${cli}" %*\r\n`, executable: false }];
  }
  return [{ name: 'passk', content: `#!/bin/sh\nELECTRON_RUN_AS_NODE=1 exec ${shQuote(runtime)} ${shQuote(cli)} "$@"\n`, executable: true }];
}

/** PATH with the shim folder first, so the bundled CLI wins over any other `passk`. */
export function pathWithShim(shimDir: string, currentPath: string | undefined, platform: NodeJS.Platform): string {
  const sep = platform === 'win32' ? ';' : ':';
  return currentPath ? `${shimDir}${sep}${currentPath}` : shimDir;
}

/** The folder (inside the extension's global storage) that holds the launchers. */
export function shimDir(globalStorage: string): string {
  return path.join(globalStorage, 'bin');
}
