// `passk/entries`: the named entries of a recipe in document order, for the client's quick picks ("which
// evaluation to run?") and its check command.
import { hasErrors } from '../../problems/problem';
import type { EntriesResult, EntryKind, RecipeEntry } from '../../protocol/requests';
import { toRange } from '../convert';
import type { Analysis } from '../session';

const kinds: EntryKind[] = ['models', 'datasets', 'prompts', 'synthesize', 'evaluate'];

export function entries(a: Analysis): EntriesResult {
  const out: RecipeEntry[] = [];
  if (a.doc) {
    for (const kind of kinds) {
      for (const e of a.doc[kind].values()) out.push({ kind, name: e.name, range: toRange(a.lines, e.nameSpan) });
    }
  }
  out.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
  return { entries: out, hasErrors: hasErrors(a.problems.filter((p) => p.file === undefined || p.file === a.file)) };
}
