// One line of samples.jsonl (DESIGN §3): one completion with where it came from, what it answered and how it
// was judged. The field names match `passk score`'s input (`problem`, `answer`, `correct`), so a run's samples
// file can be scored directly.

export interface SampleRecord {
  /** Problem id: the dataset's id field, or the 1-based line number. */
  problem: string;
  /** Sample index within the problem, 0 ≤ index < samples. */
  index: number;
  /** The extracted final answer, or null when none was found. */
  answer: string | null;
  /** The verdict against the gold answer. */
  correct: boolean;
  tokens: { prompt: number; completion: number };
  latencyMs: number;
  /** finish_reason as the server reported it (stop, length, …). */
  finish: string;
  /** The completion text, last so that a reader skimming lines sees the verdict first. */
  text: string;
}

/** Parses one line; undefined when the line is not a well-formed record (the caller reports it). */
export function parseSampleRecord(line: string): SampleRecord | undefined {
  let v: unknown;
  try {
    v = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!v || typeof v !== 'object') return undefined;
  const r = v as Partial<SampleRecord>;
  if (typeof r.problem !== 'string' || !Number.isInteger(r.index) || (r.index as number) < 0) return undefined;
  if (typeof r.correct !== 'boolean' || typeof r.text !== 'string') return undefined;
  if (r.answer !== null && typeof r.answer !== 'string') return undefined;
  return r as SampleRecord;
}

export function sampleKey(problem: string, index: number): string {
  return `${problem}\u0000${index}`;
}
