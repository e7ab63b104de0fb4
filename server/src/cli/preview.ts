// `passk preview <recipe> [--entry NAME] [--limit N] [--live] [--json]`: the rendered prompts of an entry's first
// problems (no model call), or with --live a synthesis entry's whole pipeline on its first seeds, stage by stage.
import { hasErrors } from '../problems/problem';
import { previewEntry } from '../preview/preview-entry';
import { previewLive, type LiveCandidate } from '../preview/preview-live';
import { loadRecipe, printProblems } from './eval';
import { EXIT, type CommandSpec } from './io';

const indent = (text: string) => text.replace(/^/gm, '    ');

function liveText(c: LiveCandidate): string {
  const out = [`── seed ${c.seed.id}: ${c.seed.question.slice(0, 100)}${c.seed.question.length > 100 ? '…' : ''}`];
  if (c.trace.generated !== undefined) out.push('  generated:', indent(c.trace.generated));
  if (c.record?.question) out.push('  new problem:', indent(c.record.question));
  if (c.trace.verification !== undefined) out.push('  verifier:', indent(c.trace.verification));
  for (const [i, s] of (c.trace.solutions ?? []).entries()) out.push(`  solution ${i + 1} → ${s.answer ?? '(no answer)'}`);
  if (c.record) {
    out.push(c.record.status === 'accepted'
      ? `  ✔ accepted, label ${c.record.answer} (agreement ${(c.record.agreement ?? 0).toFixed(2)})`
      : `  ✘ rejected: ${c.record.reason}${c.record.detail ? ` (${c.record.detail})` : ''}`);
  }
  if (c.error) out.push(`  ! ${c.error}`);
  return out.join('\n') + '\n';
}

export const previewCommand: CommandSpec = {
  name: 'preview',
  summary: 'render the prompts of the first problems (--live: run the synthesis stages on them)',
  positionals: { usage: '<recipe>', min: 1, max: 1 },
  flags: {
    entry: { type: 'string', short: 'e', value: 'NAME', help: 'the evaluate or synthesize entry (default: the first)' },
    limit: { type: 'integer', short: 'n', value: 'N', min: 1, help: 'how many problems or seeds (default 3, with --live 2)' },
    live: { type: 'boolean', help: 'call the models: run a synthesis entry\'s stages on the first seeds' },
    json: { type: 'boolean', short: 'j', help: 'print the preview as JSON' },
  },
  run: async ({ positionals, flags }, io) => {
    const limit = (flags.limit as number | undefined) ?? (flags.live ? 2 : 3);
    const doc = loadRecipe(io, positionals[0]!);
    if (!doc) return EXIT.usage;
    const entry = flags.entry as string | undefined;
    if (flags.live) {
      const r = await previewLive(doc, entry, { env: io.env, limit, signal: io.signal });
      printProblems(io, r.problems, doc.file, doc.text);
      if (r.value) io.out(flags.json ? JSON.stringify(r.value, null, 2) + '\n' : r.value.map(liveText).join('\n'));
      return !r.value || hasErrors(r.problems) ? 1 : 0;
    }
    const r = await previewEntry(doc, entry, limit);
    printProblems(io, r.problems, doc.file, doc.text);
    if (r.value) {
      if (flags.json) io.out(JSON.stringify(r.value, null, 2) + '\n');
      else {
        io.out(`${r.value.kind} ${r.value.entry} — prompt "${r.value.prompt}", first ${r.value.items.length} problem(s)\n\n`);
        for (const item of r.value.items) {
          io.out(`── problem ${item.problem}\n`);
          for (const m of item.messages) io.out(`  [${m.role}]\n${indent(m.content)}\n`);
          io.out('\n');
        }
      }
    }
    return !r.value || hasErrors(r.problems) ? 1 : 0;
  },
};
