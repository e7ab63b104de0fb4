// `passk grade --pairs FILE|- [--json]`: grades {"gold", "pred"} lines. `pred` may be a bare answer or
// a whole model output; both go through the extraction `eval` uses (`extract: auto` by default). With --json, one line per
// readable input line: {"equal": true|false, "extracted": "…", "line": N} (extracted is null when no answer
// was found; line is the 1-based input line).
// Bad lines are reported as file:line messages and skipped; the exit code is non-zero only when no line could
// be read at all.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { answersEqual, extractAnswer, extractGold } from '../answers';
import { EXIT, type CliIO, type CommandSpec } from './io';
import { Interrupted, makePause } from './pause';

export interface JsonLine {
  /** 1-based line number in the file. */
  line: number;
  value: Record<string, unknown>;
}

/** One JSONL line as an object, or a positioned message saying why it is not one. */
export function parseJsonLine(raw: string, file: string, line: number): { value: Record<string, unknown> } | { error: string } {
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return { error: `${file}:${line}: expected a JSON object, got ${Array.isArray(v) ? 'an array' : typeof v}` };
    return { value: v as Record<string, unknown> };
  } catch (e) {
    return { error: `${file}:${line}: not valid JSON (${e instanceof Error ? e.message : String(e)})` };
  }
}

/** Splits JSONL text into objects, collecting a positioned message for every line that is not a JSON object. */
export function readJsonLines(text: string, file: string): { rows: JsonLine[]; errors: string[] } {
  const rows: JsonLine[] = [];
  const errors: string[] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const r = parseJsonLine(raw, file, i + 1);
    if ('error' in r) errors.push(r.error);
    else rows.push({ line: i + 1, value: r.value });
  });
  return { rows, errors };
}

/** Reads a file named on the command line (`-` is standard input); null (with a message written) when it cannot be read. */
export function readInput(file: string, io: CliIO, command: string): { text: string; display: string } | null {
  const abs = path.resolve(io.cwd, file);
  try {
    if (file === '-') return { text: io.readStdin ? io.readStdin() : fs.readFileSync(0, 'utf8'), display: '<stdin>' };
    return { text: fs.readFileSync(abs, 'utf8'), display: file };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    io.err(`passk ${command}: cannot read ${file}${code === 'ENOENT' ? ': no such file' : code ? ` (${code})` : ''}\n`);
    return null;
  }
}

/**
 * The answer in "pred", by the extraction `eval` uses (docs/grading.md): a bare answer is recognised by what it
 * contains, not by its length, so a short reply in prose still has its answer extracted.
 */
export function predictedAnswer(pred: string, extract: string, gold?: string): { answer: string | null; span?: { start: number; end: number } } {
  const r = extractAnswer(pred, extract, gold);
  return r.span ? { answer: r.answer, span: r.span } : { answer: r.answer };
}

export const gradeCommand: CommandSpec = {
  name: 'grade',
  summary: 'grade {"gold","pred"} lines by mathematical equivalence',
  positionals: { usage: '[FILE|-]', min: 0, max: 1 },
  flags: {
    pairs: { type: 'string', short: 'p', value: 'FILE', help: 'the JSONL of {"gold", "pred"} lines ("-": standard input)' },
    json: { type: 'boolean', short: 'j', help: 'print {"equal", "extracted", "line"} for each input line' },
    compare: { type: 'string', short: 'c', value: 'MODE', choices: ['math', 'numeric', 'exact'], help: 'how answers are compared (default math)' },
    extract: { type: 'string', short: 'x', value: 'MODE', help: 'how "pred" is reduced to its answer: auto, boxed, gsm8k, answer-is, last-number, regex:… (default auto)' },
  },
  details: '"pred" may be a bare answer or a whole model output. Bad lines are reported as file:line messages and\nskipped; the exit code is 1 only when no line could be read, 2 when the file cannot be read.',
  run: async ({ flags, positionals }, io) => {
    const file = (flags.pairs as string | undefined) ?? positionals[0];
    if (!file) {
      io.err('passk grade: name the pairs file (--pairs FILE, or - for standard input)\nRun "passk grade --help" for details.\n');
      return EXIT.usage;
    }
    const compare = (flags.compare as string | undefined) ?? 'math';
    const extract = (flags.extract as string | undefined) ?? 'auto';
    const input = readInput(file, io, 'grade');
    if (!input) return EXIT.usage;
    const lines = input.text.replace(/^\uFEFF/, '').split(/\r?\n/);
    const errors: string[] = [];
    let graded = 0;
    let equalCount = 0;
    const table: string[][] = [];
    // A big file takes seconds to grade: the loop yields now and then, so SIGINT/SIGTERM and a reader that
    // stopped (`| head`) are seen at once.
    const pause = makePause(io.signal);
    for (let i = 0; i < lines.length; i++) {
      try {
        await pause();
      } catch (e) {
        if (e instanceof Interrupted) return EXIT.interrupted;
        throw e;
      }
      if (lines[i]!.trim() === '') continue;
      const line = i + 1;
      const parsed = parseJsonLine(lines[i]!, input.display, line);
      if ('error' in parsed) {
        errors.push(parsed.error);
        continue;
      }
      const value = parsed.value;
      const gold = value.gold;
      const pred = value.pred;
      if (typeof gold !== 'string' && typeof gold !== 'number') {
        errors.push(`${input.display}:${line}: "gold" must be a string or a number`);
        continue;
      }
      if (pred !== null && typeof pred !== 'string' && typeof pred !== 'number') {
        errors.push(`${input.display}:${line}: "pred" must be a string, a number or null`);
        continue;
      }
      const goldAnswer = extractGold(String(gold), 'auto').answer ?? String(gold);
      const extracted = pred === null ? null : predictedAnswer(String(pred), extract, goldAnswer).answer;
      const equal = extracted !== null && answersEqual(goldAnswer, extracted, compare);
      graded++;
      if (equal) equalCount++;
      // `line` (an addition to the contract) keeps outputs matched to inputs when bad lines are skipped.
      if (flags.json) io.out(JSON.stringify({ equal, extracted, line }) + '\n');
      else table.push([String(line), equal ? 'yes' : 'no', clip(goldAnswer), extracted === null ? '(no answer)' : clip(extracted)]);
    }
    for (const e of errors) io.err(`${e}\n`);
    if (!flags.json) {
      io.out(formatTable(['line', 'equal', 'gold', 'extracted'], table));
      io.out(`\n${equalCount}/${graded} equal${errors.length ? `, ${errors.length} bad line${errors.length === 1 ? '' : 's'} skipped` : ''}\n`);
    }
    if (graded === 0) {
      io.err(`passk grade: no readable pairs in ${input.display}\n`);
      return EXIT.failed;
    }
    return EXIT.ok;
  },
};

export function clip(s: string, width = 40): string {
  const one = s.replace(/\s+/g, ' ');
  return one.length > width ? `${one.slice(0, width - 1)}…` : one;
}

/** Left-aligned plain-text table; the last column is not padded. */
export function formatTable(header: string[], rows: string[][]): string {
  // A loop, not Math.max(...rows): a spread of a million rows would overflow the call stack.
  const widths = header.map((h) => h.length);
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  const fmt = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd() + '\n';
  return fmt(header) + fmt(widths.map((w) => '-'.repeat(w))) + rows.map(fmt).join('');
}
