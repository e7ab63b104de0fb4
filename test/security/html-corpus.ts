// Injection strings for the HTML security tests, and hostile run data built from them: a schema-valid run
// (every field has its declared type, the strings are hostile) and tampered variants (numbers replaced by
// strings, objects by strings or null), as a planted `.passk/` folder would hold.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { summarizeRun } from '../../server/src/eval';
import { addToTally, newTally, type ProblemTally, type RunManifest } from '../../server/src/runs';
import { writeJsonAtomic } from '../../server/src/runs/run-manifest';
import type { RunSummary } from '../../server/src/runs/run-summary';

export const PAYLOADS: readonly string[] = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><img src=x onerror=alert(1)>",
  '<img src="x"/onerror=alert(1)>',
  '</style><script>alert(1)</script>',
  '</title><script>alert(1)</script>',
  '</textarea></pre></code><script>alert(1)</script>',
  'javascript:alert(1)',
  ' JaVaScRiPt:alert(1)',
  'java\tscript:alert(1)',
  '&#106;avascript:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
  '\uff1cscript\uff1ealert(1)\uff1c/script\uff1e',
  '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
  '<svg/onload=alert(1)>',
  '<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>',
  '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
  '<a href="javascript:alert(1)">click</a>',
  '<!--<script>alert(1)</script>-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<iframe srcdoc="<script>alert(1)</script>">',
  '<base href="https://evil.example/">',
  '<meta http-equiv="refresh" content="0;url=https://evil.example">',
  '<link rel=stylesheet href=https://evil.example/x.css>',
  '<style>@import url(https://evil.example/x.css)</style>',
  '<details open ontoggle=alert(1)>',
  '<scr<script>ipt>alert(1)</scr</script>ipt>',
  '\u202e<script>alert(1)</script>',
  'a\u0000<script>alert(1)</script>',
  '<p style="background:url(https://evil.example/x)">',
  '<form action=https://evil.example><button>go</button></form>',
  '<?xml-stylesheet href="https://evil.example/x"?>',
];

/** One string holding every payload, for fields shown once (entry, model, dataset names). */
export const ALL = PAYLOADS.join(' | ');

/** A run manifest with hostile strings wherever the format allows any string. */
export function hostileManifest(samples: number): RunManifest {
  return {
    kind: 'eval', version: 2, entry: `entry ${ALL}`, recipe: `/tmp/${PAYLOADS[0]}.recipe.yaml`, fingerprint: 'c0ffee'.repeat(10) + 'beef',
    sampleIdentity: `identity ${ALL}`, figures: `figures ${ALL}`,
    created: '2026-11-27T10:00:00.000Z', updated: '2026-11-27T12:00:00.000Z',
    model: { name: `model ${ALL}`, model: `id ${ALL}`, api: 'chat', endpoint: `endpoint ${ALL}`, baseUrls: [`http://127.0.0.1:1/v1?${PAYLOADS[1]}`] },
    dataset: { name: `dataset ${ALL}`, path: `/tmp/${PAYLOADS[2]}.jsonl`, sha256: '0'.repeat(64), answer: { field: `field ${ALL}`, extract: `extract ${ALL}` } },
    prompt: { name: `prompt ${ALL}`, system: ALL, user: `{{ question }} ${ALL}` },
    params: { temperature: 0.7, topP: 1, maxTokens: 64, seed: 5 },
    samples, k: [1, 2, 4], grader: { extract: 'auto', compare: 'exact' }, problems: PAYLOADS.length, expect: { 'pass@1': 0.9, 'maj@4': 0.1 },
  };
}

/**
 * A real summary (computed by the engine's summariser) of a run whose problem ids, gold answers and sampled
 * answers are the payloads: problem i has id payload i, gold payload i+1, and answers payloads i+1 and i+2.
 */
export function hostileSummary(): RunSummary {
  const manifest = hostileManifest(4);
  const tallies = new Map<string, ProblemTally>();
  const problems = PAYLOADS.map((id, i) => ({ id: `${id} #${i}`, line: i, gold: PAYLOADS[(i + 1) % PAYLOADS.length]! }));
  problems.forEach((p, i) => {
    const t = newTally(p.id);
    const answers = [PAYLOADS[(i + 1) % PAYLOADS.length]!, PAYLOADS[(i + 2) % PAYLOADS.length]!, null, PAYLOADS[(i + 1) % PAYLOADS.length]!];
    answers.forEach((answer, index) => addToTally(t, { index, answer, correct: answer === p.gold }));
    tallies.set(p.id, t);
  });
  return summarizeRun({ manifest, runDir: `/tmp/${PAYLOADS[3]}`, problems, tallies, tokens: { prompt: 11, completion: 22 } });
}

/** A deep copy of `v` with every number replaced by `replacement` (what a tampered summary.json may hold). */
export function numbersReplaced(v: unknown, replacement: string): unknown {
  if (typeof v === 'number') return replacement;
  if (Array.isArray(v)) return v.map((x) => numbersReplaced(x, replacement));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, numbersReplaced(x, replacement)]));
  return v;
}

/** Tampered summaries whose objects and lists are replaced by strings, numbers, lists or null, one part at a time. */
export function shapeTampered(s: RunSummary): unknown[] {
  const base = JSON.parse(JSON.stringify(s)) as Record<string, unknown>;
  const out: unknown[] = [];
  const keys = ['config', 'ci', 'passAtK', 'majAtK', 'instability', 'expect', 'perProblem', 'tokens', 'entry', 'fingerprint', 'updated', 'complete'];
  const values: unknown[] = [PAYLOADS[0], null, 7, [PAYLOADS[1]], { toString: PAYLOADS[3], valueOf: PAYLOADS[2] }];
  for (const key of keys) for (const value of values) out.push({ ...base, [key]: value });
  const rows = (base['perProblem'] as unknown[]).slice(0, 3);
  out.push({ ...base, perProblem: [null, PAYLOADS[0], 5, ...rows.map((r) => ({ ...(r as object), answers: [null, PAYLOADS[1], { answer: { toString: 1 } }] }))] });
  out.push({ ...base, ci: { level: PAYLOADS[3], passAtK: { '1': PAYLOADS[0] }, majAtK: { '1': { lo: PAYLOADS[1], hi: [] } } } });
  out.push({ ...base, passAtK: { [PAYLOADS[0]!]: 0.5, '-1': 0.2, '0': 0.1, '1e400': 1, '2': PAYLOADS[3] } });
  out.push({ ...base, config: { model: PAYLOADS[0], dataset: [PAYLOADS[1]], params: { temperature: PAYLOADS[3], seed: PAYLOADS[0] } } });
  return out;
}

/** Writes a run folder (run.json, summary.json, optionally samples.jsonl) as a planted `.passk/` would hold. */
export function plantRun(dir: string, manifest: RunManifest, summary: unknown, samples?: readonly object[]): string {
  fs.mkdirSync(dir, { recursive: true });
  writeJsonAtomic(path.join(dir, 'run.json'), manifest);
  if (summary !== undefined) writeJsonAtomic(path.join(dir, 'summary.json'), summary);
  if (samples) fs.writeFileSync(path.join(dir, 'samples.jsonl'), samples.map((s) => JSON.stringify(s)).join('\n') + '\n');
  return dir;
}

/** samples.jsonl records (schema-valid) whose problem ids, answers and texts are the payloads. */
export function hostileSamples(): object[] {
  return PAYLOADS.flatMap((p, i) => [0, 1, 2, 3].map((index) => ({
    problem: `${p} #${i}`, index, answer: index === 2 ? null : PAYLOADS[(i + index) % PAYLOADS.length], correct: index === 0,
    tokens: { prompt: 3, completion: 4 }, latencyMs: 1, finish: 'stop', text: `${ALL} The answer is: ${p}`,
  })));
}
