// `--events` for `passk eval` and `passk synth`: the run speaks the JSON-lines protocol of
// protocol/run-events.ts instead of printing a table, so a supervisor (the language server, or a script) can
// follow it. Progress and the result go to stdout as events; stdin carries control lines (the editor's recipe
// text, cancel). The end of stdin counts as a cancel: a supervisor that died can no longer observe the run, so
// the run stops cleanly, keeps what it stored and resumes on the next start (docs/architecture.md, "Runs").
import { encodeLine, parseRunControl, takeRunKeys, type RunEvent } from '../protocol/run-events';
import type { FlagSpec } from './args';
import type { CliIO } from './io';

export interface EventsMode {
  /** True with `--events`: stdout is the event stream, so nothing else may be printed there. */
  events: boolean;
  /** Writes an event in events mode; does nothing otherwise. */
  emit(event: RunEvent): void;
  /** Aborted by SIGINT/SIGTERM, a cancel line, or the end of stdin. */
  signal: AbortSignal;
  /** Binding → key, from the supervisor's environment (never from a recipe). */
  apiKeys: Record<string, string>;
  /** The recipe text the supervisor sent, when it was asked for; undefined reads the file on disk. */
  recipeText(): Promise<string | undefined>;
  close(): void;
}

export const eventsFlags = {
  events: { type: 'boolean', help: 'print JSON-lines run events on stdout and read control lines on stdin (docs/architecture.md)' },
  'recipe-on-stdin': { type: 'boolean', help: 'with --events: run the recipe text sent as the first control line' },
  'default-concurrency': { type: 'integer', value: 'N', min: 1, help: 'with --events: the concurrency of models that do not set one' },
} satisfies Record<string, FlagSpec>;

/**
 * The run's side of the protocol for the parsed flags. Keys are taken out of the environment in every mode, so
 * `${env:…}` in a recipe never reads them; stdin is read only in events mode.
 */
export function openEventsMode(io: CliIO, flags: Record<string, unknown>): EventsMode {
  const apiKeys = takeRunKeys(io.env);
  if (flags['events'] !== true) {
    return { events: false, emit: () => undefined, signal: io.signal, apiKeys, recipeText: async () => undefined, close: () => undefined };
  }
  const cancel = new AbortController();
  let resolveText: (t: string | undefined) => void = () => undefined;
  const text = new Promise<string | undefined>((resolve) => (resolveText = resolve));
  if (flags['recipe-on-stdin'] !== true) resolveText(undefined);
  const lines = io.stdinLines?.(
    (line) => {
      const control = parseRunControl(line);
      if (control?.type === 'recipe') resolveText(control.text);
      else if (control?.type === 'cancel') cancel.abort(new Error('cancelled'));
    },
    () => {
      resolveText(undefined);
      cancel.abort(new Error('stdin closed'));
    },
  );
  return {
    events: true,
    emit: (event) => io.out(encodeLine(event)),
    signal: AbortSignal.any([io.signal, cancel.signal]),
    apiKeys,
    recipeText: () => text,
    close: () => lines?.close(),
  };
}
