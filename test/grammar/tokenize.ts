// Tokenises text with the shipped TextMate grammar through vscode-textmate and vscode-oniguruma, the same
// engine VS Code uses, so the grammar tests see exactly the scopes an editor would show. The YAML grammar is
// deliberately absent: the recipe grammar must stand alone when `source.yaml` is not installed. A caller may
// hand in extra grammars (by scope name) to check the grammar alongside another one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { repoRoot } from '../helpers/paths';

export const grammarPath = path.join(repoRoot, 'syntaxes', 'passk-recipe.tmLanguage.json');
export const rootScope = 'source.passk-recipe';

export interface Token {
  text: string;
  /** Scopes from outermost to innermost, without the grammar's root scope. */
  scopes: string[];
}

export interface TokenLine {
  /** One-based line number, as an editor shows it. */
  line: number;
  text: string;
  tokens: Token[];
}

let onigLib: Promise<textmate.IOnigLib> | undefined;

function loadOniguruma(): Promise<textmate.IOnigLib> {
  onigLib ??= (async () => {
    const wasm = fs.readFileSync(path.join(repoRoot, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    };
  })();
  return onigLib;
}

/** Loads the recipe grammar (or a variant file); `extra` maps other scope names (e.g. `source.yaml`) to grammar files. */
export async function loadGrammar(extra: Record<string, string> = {}, recipeGrammar = grammarPath): Promise<textmate.IGrammar> {
  const files: Record<string, string> = { ...extra, [rootScope]: recipeGrammar };
  const registry = new textmate.Registry({
    onigLib: loadOniguruma(),
    loadGrammar: async (scopeName) => {
      const file = files[scopeName];
      return file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
  });
  const grammar = await registry.loadGrammar(rootScope);
  if (!grammar) throw new Error(`grammar ${rootScope} did not load from ${recipeGrammar}`);
  return grammar;
}

/** Tokenises a whole document line by line, carrying the rule stack across lines as an editor does. */
export function tokenizeLines(grammar: textmate.IGrammar, text: string): TokenLine[] {
  let stack = textmate.INITIAL;
  return text.split(/\r?\n/).map((lineText, i) => {
    const res = grammar.tokenizeLine(lineText, stack);
    stack = res.ruleStack;
    const tokens = res.tokens.map((t) => ({
      text: lineText.slice(t.startIndex, t.endIndex),
      scopes: t.scopes.filter((s) => s !== rootScope),
    }));
    return { line: i + 1, text: lineText, tokens };
  });
}

/**
 * The snapshot format: each source line, then one row per non-blank token with its text in JSON quotes and
 * its scopes, so a diff shows exactly which token changed scope.
 */
export function formatSnapshot(lines: TokenLine[]): string {
  const out: string[] = [];
  for (const l of lines) {
    out.push(`${String(l.line).padStart(3)}| ${l.text}`);
    for (const t of l.tokens) {
      if (t.text.trim() === '' && t.scopes.length === 0) continue;
      out.push(`     ${JSON.stringify(t.text)}  ${t.scopes.join(' ') || '(root)'}`);
    }
  }
  return out.join('\n') + '\n';
}
