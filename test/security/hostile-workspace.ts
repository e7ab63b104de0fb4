// A workspace whose recipe and dataset carry the injection corpus wherever a name or a text may be any string:
// the evaluation entry, the model and dataset names, the model id, the problem ids, questions and gold answers,
// and a synthesis entry with hostile seeds. Running it against the hostile model server (./hostile-model) with
// passk itself yields a run folder that is valid by construction yet hostile in every text it holds.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ALL, PAYLOADS } from './html-corpus';

export const ENTRY = `eval ${PAYLOADS[0]} ${PAYLOADS[3]}`;
export const MODEL = `model ${PAYLOADS[1]}`;
export const DATASET = `data ${PAYLOADS[4]}`;
export const SYNTH = `synth ${PAYLOADS[16]}`;
/** Problems in the dataset; each has a payload as its id, its question and (the next one) its gold answer. */
export const ROWS = 12;

export interface HostileWorkspace {
  dir: string;
  recipe: string;
  text: string;
  remove(): void;
}

/** JSON strings are YAML double-quoted scalars, so every payload survives the recipe as it is. */
const q = (s: string): string => JSON.stringify(s);

export function hostileWorkspace(modelUrl: string): HostileWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passk-html-sec-'));
  const rows = Array.from({ length: ROWS }, (_, i) => JSON.stringify({
    id: `${PAYLOADS[i]} #${i}`,
    question: `Problem ${i}: ${PAYLOADS[i]}`,
    answer: `⟦${PAYLOADS[(i + 1) % PAYLOADS.length]}⟧`,
  }));
  fs.writeFileSync(path.join(dir, 'hostile.jsonl'), rows.join('\n') + '\n');
  const text = `passk: 1
name: ${q(`recipe ${ALL}`)}
models:
  ${q(MODEL)}:
    baseUrl: ${modelUrl}
    model: ${q(`id ${ALL}`)}
    concurrency: 4
    maxRetries: 1
datasets:
  ${q(DATASET)}:
    path: hostile.jsonl
    id: id
    question: question
    answer: { field: answer, extract: "regex:⟦([^⟧]*)⟧" }
prompts:
  ask: "{{ question }}"
  gen: "Given Question: {{ seed.question }}\\n\\nWrite the final question after FINAL CREATED QUESTION:"
  check: 'Is this well-posed? Answer "yes" or "no". {{ question }}'
  solve: "{{ question }} Solve it."
evaluate:
  ${q(ENTRY)}:
    model: ${q(MODEL)}
    dataset: ${q(DATASET)}
    prompt: ask
    samples: 4
    k: [1, 2, 4]
    temperature: 0.7
    seed: 3
    grader: { extract: "regex:⟦([^⟧]*)⟧", compare: exact }
    expect: { pass@1: 0.9 }
synthesize:
  ${q(SYNTH)}:
    seeds: ${q(DATASET)}
    perSeed: 1
    generate: { model: ${q(MODEL)}, prompt: gen, parse: 'FINAL CREATED QUESTION:\\s*([\\s\\S]+)$' }
    verify: { model: ${q(MODEL)}, prompt: check, accept: '^\\s*yes' }
    solve: { model: ${q(MODEL)}, prompt: solve, samples: 3 }
    grader: { extract: "regex:⟦([^⟧]*)⟧", compare: exact }
    filters:
      consistency: { minAgreement: 0.5 }
    output: out/synth.jsonl
`;
  const recipe = path.join(dir, 'hostile.recipe.yaml');
  fs.writeFileSync(recipe, text);
  return { dir, recipe, text, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
