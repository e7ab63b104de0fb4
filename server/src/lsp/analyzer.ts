// The LSP's single door into the recipe core: an open document becomes `analyzeRecipe`'s `{value, problems}`.
// A document that is not a file on disk (an untitled editor) is analysed as if it lived in the workspace's
// working directory, so relative dataset paths still resolve somewhere sensible. Each document keeps an
// incremental parser, so a keystroke re-parses only the entry it changed (the YAML parse of a 2 000-line recipe
// is most of its analysis); the few most recently analysed documents keep theirs.
//
// A document's first analysis parses the text whole: parsing it piece by piece costs a third more at 20 000
// lines (a parser per entry), and only pays off from the second version on. With `primeLater` (the analysis
// worker passes one), the new document's parser is then filled with the pieces of that first version after the
// result has gone out, off the path of the first diagnostics; the next edit reuses them as usual.
import * as path from 'node:path';
import { analyzeRecipe } from '../recipe';
import { IncrementalParser } from '../recipe/incremental-parse';
import type { Analyzer } from './session';

/** Parsers kept at once; a document analysed after this many others simply parses whole once more. */
const MAX_PARSERS = 16;

export interface AnalyzerOptions {
  /** Runs a task once the current analysis has been answered (the worker: on the next turn of its event loop). */
  primeLater?: (task: () => void) => void;
}

export function makeAnalyzer(env: NodeJS.ProcessEnv, options: AnalyzerOptions = {}): Analyzer {
  const parsers = new Map<string, IncrementalParser>();
  const parserFor = (uri: string): IncrementalParser => {
    let p = parsers.get(uri);
    if (p) parsers.delete(uri);
    else p = new IncrementalParser();
    // Re-inserted last, so the map's first key is the least recently used document.
    parsers.set(uri, p);
    if (parsers.size > MAX_PARSERS) parsers.delete(parsers.keys().next().value as string);
    return p;
  };
  return ({ file, uri, text }, onParsed) => {
    const name = uri.slice(uri.lastIndexOf('/') + 1).replace(/[^\w.-]/g, '_') || 'untitled.recipe.yaml';
    const first = options.primeLater !== undefined && !parsers.has(uri);
    const parser = parserFor(uri);
    const r = analyzeRecipe(text, { file: file ?? path.join(process.cwd(), name), env, ...(first ? {} : { parser }), ...(onParsed ? { onParsed } : {}) });
    // The parser gives the same tree whatever it last saw, so a later version analysed before this runs is
    // still right; it only reuses fewer pieces.
    if (first)
      options.primeLater?.(() => {
        try {
          parser.parse(text);
        } catch {
          // Nothing is lost: the next version is then parsed piece by piece from scratch.
        }
      });
    return { doc: r.value, problems: r.problems };
  };
}
