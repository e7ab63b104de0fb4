// The layer rule table (docs/architecture.md, "Layers"): which folder may import which. Lower layers never see
// higher ones, so the pure core can be tested and reused without an editor, and the client, which runs inside
// VS Code, never bundles language-server or CLI code. `checkLayers` turns every breach into one message naming
// the file, the line and the rule, so a failing test says exactly what to move.
import type { ImportEdge } from './import-graph';

export type Layer = 'problems' | 'text' | 'protocol' | 'core' | 'lsp' | 'cli' | 'sim' | 'client';

interface Rule {
  /** Layers this one may import (its own included). */
  may: readonly Layer[];
  /** Packages this layer may import besides node's built-ins and the neutral ones (every package not listed in
   * `EDITOR_PACKAGES` is neutral). */
  editorPackages: readonly string[];
  /** Individual files of a higher layer this one may import, each a pure helper with no editor or LSP code. */
  files?: readonly string[];
  /** Files this layer may import for their types only (the import vanishes from the emitted JavaScript). */
  typeFiles?: readonly string[];
  /** The rule in words, for the failure message. */
  says: string;
}

/** Packages that tie code to an editor or to the language-server protocol runtime. */
export const EDITOR_PACKAGES = [
  'vscode',
  'vscode-languageclient',
  'vscode-languageserver',
  'vscode-languageserver-textdocument',
  'vscode-languageserver-protocol',
  'vscode-languageserver-types',
  'vscode-jsonrpc',
] as const;

const LSP_PACKAGES = EDITOR_PACKAGES.filter((p) => p.startsWith('vscode-languageserver') || p === 'vscode-jsonrpc');
const BASE: readonly Layer[] = ['problems', 'text', 'protocol'];

export const LAYER_RULES: Record<Layer, Rule> = {
  problems: { may: ['problems'], editorPackages: [], says: 'problems/ (Result, Problem, codes) imports nothing of passk' },
  text: { may: ['problems', 'text'], editorPackages: [], says: 'text/ helpers import only problems/' },
  protocol: {
    may: BASE,
    editorPackages: [],
    // The protocol restates no types: a view model or an endpoint is declared where it is built, and the protocol
    // names it. These imports are erased from the JavaScript, so the client still loads no core code through them.
    typeFiles: ['server/src/report/render-view.ts', 'server/src/sampling/secrets.ts'],
    says: 'protocol/ is plain data: it imports only problems/ and text/ (and the listed core types, type-only)',
  },
  core: {
    may: [...BASE, 'core'],
    editorPackages: [],
    says: 'the pure core imports no vscode or language-server package and nothing from lsp/, cli/ or sim/',
  },
  lsp: { may: [...BASE, 'core', 'lsp'], editorPackages: LSP_PACKAGES, says: 'lsp/ imports the core and protocol, never cli/ or sim/ or vscode' },
  cli: { may: [...BASE, 'core', 'cli', 'sim'], editorPackages: [], says: 'cli/ imports the core, protocol and sim/, never lsp/ or an editor package' },
  sim: { may: [...BASE, 'core', 'sim'], editorPackages: [], says: 'sim/ imports the core, never lsp/, cli/ or an editor package' },
  client: {
    may: ['client', 'protocol', 'problems', 'text'],
    editorPackages: ['vscode', 'vscode-languageclient'],
    // Pure helpers the extension runs in its own process: the one HTML builder and the view renderer for webviews,
    // the secret-name rules for the key prompt, and baseline deltas for the results tree.
    files: [
      'server/src/report/html.ts',
      'server/src/report/render-view.ts',
      'server/src/sampling/secrets.ts',
      'server/src/insights/baseline-deltas.ts',
    ],
    says: 'client/ imports only protocol/, problems/, text/ and the listed pure helpers, never lsp/, cli/ or sim/',
  },
};

/** The layer a repository-relative path belongs to, or undefined when it is outside the layered sources. */
export function layerOf(rel: string): Layer | undefined {
  if (rel.startsWith('client/src/')) return 'client';
  const m = /^server\/src\/([^/]+)\//.exec(rel);
  if (!m) return undefined;
  const top = m[1] as string;
  if (top === 'problems' || top === 'text' || top === 'protocol' || top === 'lsp' || top === 'cli' || top === 'sim') return top;
  return 'core';
}

/** The package an import specifier names (`@scope/name` or `name`), or undefined for node built-ins. */
function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** One message per edge that breaks the rule table: `file:line: imports X: rule`. */
export function checkLayers(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const from = layerOf(e.from);
    if (!from) continue;
    const rule = LAYER_RULES[from];
    const at = `${e.from}:${e.line}: imports ${e.specifier}`;
    if (e.to === undefined) {
      const pkg = packageOf(e.specifier);
      const editor = (EDITOR_PACKAGES as readonly string[]).includes(pkg ?? '');
      if (pkg && editor && !rule.editorPackages.includes(pkg)) out.push(`${at}: ${rule.says}`);
      continue;
    }
    const to = layerOf(e.to);
    if (!to) {
      out.push(`${at}: sources import only sources (${e.to} is outside server/src and client/src)`);
      continue;
    }
    if (rule.may.includes(to) || rule.files?.includes(e.to)) continue;
    if (e.typeOnly && rule.typeFiles?.includes(e.to)) continue;
    out.push(`${at} (${to}): ${rule.says}`);
  }
  return out;
}
