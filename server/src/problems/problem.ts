// The one shape every core module returns. The core never throws on user input and never prints: it hands
// back a value together with the problems it found, and the LSP layer or the CLI decides how to show them.
import type { ProblemCode } from './problem-codes';

export type { ProblemCode } from './problem-codes';

/** A half-open range of UTF-16 code-unit offsets into one source text (the unit LSP positions count in). */
export interface Span {
  start: number;
  end: number;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';

/** A related location, e.g. "first defined here", shown next to the main problem. */
export interface RelatedInfo {
  message: string;
  /** Absolute file path; absent means the same file as the problem. */
  file?: string | undefined;
  span: Span;
}

export interface Problem {
  /**
   * Stable, documented code such as `recipe/unknown-key`; tools and tests match on it, never on the message.
   * A closed set: a new code is registered, with its documentation, in problem-codes.ts.
   */
  code: ProblemCode;
  severity: Severity;
  /** A full sentence that says what is wrong and, where it can, how to fix it. */
  message: string;
  /** Absolute path of the file the span points into; absent means the document being analysed. */
  file?: string | undefined;
  span?: Span;
  related?: RelatedInfo[];
  /** Machine-readable extras for quick fixes (e.g. `{ suggestion: 'teacher' }`). */
  data?: Record<string, unknown>;
}

export interface Result<T> {
  value: T;
  problems: Problem[];
}

export function ok<T>(value: T, problems: Problem[] = []): Result<T> {
  return { value, problems };
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}
