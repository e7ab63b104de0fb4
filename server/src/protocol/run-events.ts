// The JSON-lines protocol between a run's process (`passk eval|synth … --events`) and whoever supervises it
// (the language server, or any script). The child writes one RunEvent per line on stdout; the supervisor writes
// one RunControl per line on the child's stdin. API keys never travel here: they reach the child in its
// environment (RUN_KEYS_ENV), which the child empties before the recipe can read it (docs/architecture.md,
// "Runs").
//
// Both directions are parsed with guards, because each side is a separate process that may be another
// version, or may have crashed halfway through a line.
import type { RunResult } from './requests';

export type RunKind = 'evaluate' | 'synthesize';

/** Samples (evaluation) or candidates (synthesis) done so far, at most every progress interval. */
export interface RunProgressEvent {
  type: 'progress';
  done: number;
  total: number;
  /** A short line for a progress bar, e.g. "12/40 samples". */
  message: string;
}

/** The run ended (complete, stopped or cancelled); the last event of a run that reached its engine. */
export interface RunResultEvent {
  type: 'result';
  result: RunResult;
}

/** The run could not start or failed unexpectedly; `message` is a full sentence with no key in it. */
export interface RunFailedEvent {
  type: 'failed';
  message: string;
}

export type RunEvent = RunProgressEvent | RunResultEvent | RunFailedEvent;

/** The recipe text to run instead of the file on disk (the editor's unsaved buffer); sent first, once. */
export interface RunRecipeControl {
  type: 'recipe';
  text: string;
}

/** Stop requesting, keep what was stored, and end with a result event. */
export interface RunCancelControl {
  type: 'cancel';
}

export type RunControl = RunRecipeControl | RunCancelControl;

/**
 * The environment variable that carries the run's API keys into the child, as a JSON object from binding
 * (origin + " " + model id, server/src/sampling/secrets.ts) to key. Never a command-line argument (any user
 * of the machine can list those) and never a file.
 */
export const RUN_KEYS_ENV = 'PASSK_RUN_KEYS';

/** One line of the protocol, newline included. */
export function encodeLine(message: RunEvent | RunControl): string {
  return `${JSON.stringify(message)}\n`;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0;

function parseJson(line: string): Json | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return isObject(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a value is a RunResult as the result event carries it. */
export function isRunResult(v: unknown): v is RunResult {
  if (!isObject(v)) return false;
  const passAtK = v['passAtK'];
  const problems = v['problems'];
  return (
    typeof v['entry'] === 'string' &&
    typeof v['runDir'] === 'string' &&
    typeof v['completed'] === 'boolean' &&
    isCount(v['samples']) &&
    isCount(v['expectedSamples']) &&
    isObject(passAtK) &&
    Object.values(passAtK).every((x) => typeof x === 'number') &&
    Array.isArray(problems) &&
    problems.every((x) => typeof x === 'string')
  );
}

/** The event on one stdout line of a run process, or undefined for anything else (never throws). */
export function parseRunEvent(line: string): RunEvent | undefined {
  const o = parseJson(line);
  if (!o) return undefined;
  switch (o['type']) {
    case 'progress':
      return isCount(o['done']) && isCount(o['total']) && typeof o['message'] === 'string'
        ? { type: 'progress', done: o['done'], total: o['total'], message: o['message'] }
        : undefined;
    case 'result':
      return isRunResult(o['result']) ? { type: 'result', result: o['result'] } : undefined;
    case 'failed':
      return typeof o['message'] === 'string' ? { type: 'failed', message: o['message'] } : undefined;
    default:
      return undefined;
  }
}

/** The control on one stdin line of a run process, or undefined for anything else (never throws). */
export function parseRunControl(line: string): RunControl | undefined {
  const o = parseJson(line);
  if (!o) return undefined;
  if (o['type'] === 'cancel') return { type: 'cancel' };
  if (o['type'] === 'recipe' && typeof o['text'] === 'string') return { type: 'recipe', text: o['text'] };
  return undefined;
}

/** The keys a supervisor put in the environment, taken out of it so nothing later (a recipe's `${env:…}`) reads them. */
export function takeRunKeys(env: NodeJS.ProcessEnv): Record<string, string> {
  const raw = env[RUN_KEYS_ENV];
  delete env[RUN_KEYS_ENV];
  if (raw === undefined) return {};
  const o = parseJson(raw);
  const keys: Record<string, string> = {};
  if (o) for (const [binding, key] of Object.entries(o)) if (typeof key === 'string') keys[binding] = key;
  return keys;
}
