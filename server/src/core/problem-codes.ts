// Every problem code passk reports, as a closed set: `Problem.code` (core/problem.ts) is one of these keys, so
// a new code does not compile until it is registered here with its documentation. docs/problem-codes.md is
// generated from this table (scripts/problem-docs.js) and ships in the .vsix, where each diagnostic's
// codeDescription link opens the code's own section (lsp/convert.ts).

export interface ProblemCodeDoc {
  /** The severity it is reported with ("error / warning" when it depends on the case). */
  severity: string;
  /** Where the range of a diagnostic with this code lies; empty when it has no place in a recipe. */
  range: string;
  /** What it means, in Markdown, one or two sentences. */
  meaning: string;
}

export const PROBLEM_CODES = {
  'cli/bad-shard': { severity: "error", range: "", meaning: "`--shard i/N` is not two whole numbers with 1 ≤ i ≤ N." },
  'dataset/bad-json': { severity: "warning", range: "", meaning: "A line (or JSON array element) is not valid JSON, or an array is not closed; the row is skipped." },
  'dataset/line-too-long': { severity: "warning", range: "", meaning: "A line is longer than 64 MB; the row is skipped (range: the line's first character)." },
  'dataset/missing-field': { severity: "warning", range: "", meaning: "A row lacks the question, id or answer field." },
  'dataset/not-found': { severity: "error", range: "", meaning: "The dataset file does not exist or cannot be read." },
  'dataset/too-many-problems': { severity: "warning", range: "", meaning: "More than 50 problems in one file; the rest are counted, not listed." },
  'env/unset': { severity: "warning", range: "the `${env:VAR}` text", meaning: "The variable is unset and has no default; `data.variable`." },
  'eval/bad-base-url': { severity: "error", range: "", meaning: "A model's `baseUrl` is not an http(s) URL, so no request is sent; fix it in the recipe." },
  'eval/below-expectation': { severity: "warning", range: "", meaning: "The finished run misses an `expect` threshold of the evaluation; the CLI exits 4." },
  'eval/cancelled': { severity: "information", range: "", meaning: "The run was cancelled; the samples received so far are kept and a rerun requests only the missing ones." },
  'eval/dataset-unreadable': { severity: "error", range: "the dataset `path` value", meaning: "The evaluation's dataset file cannot be read." },
  'eval/duplicate-id': { severity: "warning", range: "", meaning: "A problem id appears more than once in the dataset; only its first row is evaluated." },
  'eval/io': { severity: "error", range: "", meaning: "The run folder cannot be created or written." },
  'eval/network-disallowed': { severity: "error", range: "", meaning: "Samples are missing but requests are not allowed here (untrusted workspace)." },
  'eval/no-entry': { severity: "error", range: "", meaning: "The recipe has no `evaluate` entries to run." },
  'eval/no-problems': { severity: "warning", range: "", meaning: "The dataset has no problems to evaluate." },
  'eval/render-failed': { severity: "error", range: "the prompt", meaning: "The prompt does not render for a problem of the dataset." },
  'eval/request-rejected': { severity: "error", range: "", meaning: "The model rejected the requests (e.g. 401 or 404), so the run stopped." },
  'eval/requests-failed': { severity: "warning", range: "", meaning: "Some requests still failed after the model's retries; rerun to request the missing samples." },
  'eval/shared-samples': { severity: "warning", range: "", meaning: "Samples of other recipes beside this one could not be read; the missing samples are requested instead." },
  'eval/unknown-dataset': { severity: "error", range: "the dataset name", meaning: "The evaluation uses a dataset the recipe does not define." },
  'eval/unknown-entry': { severity: "error", range: "", meaning: "The recipe has no evaluation of that name." },
  'eval/unknown-model': { severity: "error", range: "the model name", meaning: "The evaluation uses a model the recipe does not define." },
  'eval/unknown-prompt': { severity: "error", range: "the prompt name", meaning: "The evaluation uses a prompt the recipe does not define." },
  'keys/unsealable': { severity: "error", range: "", meaning: "The API keys of a request could not be sealed or opened under the session key." },
  'preview/network-disallowed': { severity: "error", range: "", meaning: "The live preview calls a model, which is not allowed in an untrusted workspace." },
  'preview/unavailable': { severity: "error", range: "", meaning: "The live preview cannot run for this entry (e.g. no such synthesis entry, or its recipe has errors)." },
  'recipe/bad-enum': { severity: "error", range: "the value", meaning: "Not one of the allowed values; `data.suggestion` holds the closest one." },
  'recipe/bad-key': { severity: "error", range: "the key", meaning: "A key that is not a plain name, or an `expect` key that is not `pass@K` / `maj@K`." },
  'recipe/bad-regex': { severity: "error", range: "the pattern, or the unsupported construct in it", meaning: "A regular expression (`generate.parse`, `verify.accept`, `regex:` extraction) does not compile on RE2, or uses a backreference or lookahead (see Regular expressions (docs/recipe-format.md)); `data.construct` names it." },
  'recipe/bad-url': { severity: "error", range: "the value", meaning: "A model's `baseUrl` (after `${env:…}` is resolved) is not an `http://` or `https://` URL, or holds a user name or password (requests refuse those; give the key in `apiKey`). The message never repeats the value." },
  'recipe/dataset-bad-json': { severity: "warning", range: "the `path` value", meaning: "A line among the first rows is not valid JSON; `data.line` (0-based) and related information at the line in the dataset file." },
  'recipe/dataset-missing-field': { severity: "error / warning", range: "the field name value", meaning: "The field is absent from all (error) or some (warning) of the first rows; `data.suggestion` when a row field is close." },
  'recipe/dataset-not-found': { severity: "error", range: "the `path` value", meaning: "The dataset file does not exist." },
  'recipe/dataset-unreadable': { severity: "warning", range: "the `path` value", meaning: "Another problem reading the head of the dataset file." },
  'recipe/duplicate-key': { severity: "error", range: "the repeated key", meaning: "A key appears twice in one mapping; the first one is used. Related: the first occurrence." },
  'recipe/expect-not-in-k': { severity: "error", range: "the `expect` key", meaning: "An `expect` entry such as `pass@4` names a k that the evaluation's `k` does not list (default `[1]`), so its figure is never computed and the threshold could never be met." },
  'recipe/gold-extraction-fails': { severity: "warning", range: "the `answer.extract` value (else `answer.field`)", meaning: "The gold extraction finds no answer in most of the first rows that have the answer field (e.g. `extract: gsm8k` on MATH, where every gold would be \"\"); `data.suggestion` names a mode that finds one in most of them. Related: the first such rows." },
  'recipe/greedy-samples': { severity: "warning", range: "the `temperature` value", meaning: "Several samples at temperature 0 are all the same." },
  'recipe/internal': { severity: "error", range: "start of file", meaning: "passk failed internally while checking; please report it." },
  'recipe/k-above-samples': { severity: "error", range: "the k value, or the `expect` key", meaning: "A k of pass@k (or of an `expect` entry such as `maj@8`) is larger than `samples`." },
  'recipe/key-for-other-host': { severity: "warning", range: "the value", meaning: "An `apiKey` reads a provider's key variable (`OPENAI_API_KEY`, `ANTHROPIC_API_KEY`, `TOGETHER_API_KEY`, `GROQ_API_KEY`, `DEEPSEEK_API_KEY`, `MISTRAL_API_KEY`, `FIREWORKS_API_KEY`, `OPENROUTER_API_KEY`, `GEMINI_API_KEY`, `XAI_API_KEY`, `HF_TOKEN`) but the model's `baseUrl` is another host: running the recipe would send that key there. The message names the variable, never its value." },
  'recipe/literal-secret': { severity: "warning", range: "the value", meaning: "An `apiKey` (or an `Authorization`-style header) is written into the file instead of `${env:VAR}`; the message never repeats it." },
  'recipe/missing-key': { severity: "error", range: "the key of the mapping that lacks it (start of file for top-level keys)", meaning: "A required field is absent; `data.missingKey`, `data.path`." },
  'recipe/out-of-range': { severity: "error", range: "the value", meaning: "A number outside the field's range." },
  'recipe/too-deep': { severity: "error", range: "the bracket past the limit", meaning: "Flow collections are nested more than 64 deep; the recipe is not analysed." },
  'recipe/too-large': { severity: "error", range: "start of file", meaning: "The recipe is longer than 1 MB and is not analysed (see Limits (docs/recipe-format.md))." },
  'recipe/undefined-reference': { severity: "error", range: "the name", meaning: "No model, dataset or prompt of that name; `data.kind`, `data.suggestion`." },
  'recipe/unknown-key': { severity: "error", range: "the key", meaning: "Not a field at this place; `data.suggestion` holds the closest known key." },
  'recipe/version': { severity: "error", range: "the value of `passk`", meaning: "The format version is not `1`." },
  'recipe/wrong-type': { severity: "error", range: "the value", meaning: "The value has the wrong type (e.g. text where a number belongs, a fraction where a whole number belongs, or nothing)." },
  'recipe/yaml-syntax': { severity: "error", range: "where the YAML parser stopped", meaning: "The text is not valid YAML (the parser's own message)." },
  'recipe/yaml-warning': { severity: "warning", range: "the construct", meaning: "YAML that parses but is suspicious (the parser's own message)." },
  'run/below-expectation': { severity: "warning", range: "the `evaluate` entry key", meaning: "The finished run misses an `expect` threshold of the recipe as written now; `data.metric`, `data.threshold`, `data.actual`." },
  'run/gold-not-extractable': { severity: "error", range: "the problem's line", meaning: "The gold answer could not be extracted with the dataset's `answer.extract`, so the samples could not be graded." },
  'run/never-solved': { severity: "warning", range: "the problem's line", meaning: "No sample of the run answered the problem correctly." },
  'run/unstable': { severity: "information", range: "the problem's line", meaning: "Solved at least once, but in fewer than half of the samples (pass@1 < 0.5)." },
  'runs/invalid-file': { severity: "warning", range: "", meaning: "A run file is not a valid record of its kind and was ignored (docs/runs.md)." },
  'runs/invalid-line': { severity: "warning", range: "", meaning: "A line of a run file is not a valid record and was ignored (docs/runs.md)." },
  'runs/io': { severity: "error", range: "", meaning: "The run folder cannot be used (a file-system error)." },
  'runs/lock-failed': { severity: "error", range: "", meaning: "The run lock cannot be taken." },
  'runs/locked': { severity: "error", range: "", meaning: "Another process holds the run's lock; wait for it, or remove the lock if that process is gone." },
  'runs/no-summary': { severity: "information", range: "", meaning: "The run has no summary yet: it was interrupted, and rerunning completes it." },
  'runs/not-a-run': { severity: "error", range: "", meaning: "The folder is not a passk run folder (it has no manifest)." },
  'runs/torn-line': { severity: "information", range: "", meaning: "The last line of a run file was incomplete (an interrupted run) and was dropped; its work is done again." },
  'runs/unsafe-path': { severity: "error", range: "", meaning: "A run folder is a link or otherwise unsafe to read, so its runs are not read." },
  'sampling/api-key-unset': { severity: "error", range: "the model", meaning: "The model's API key is not available (an unset variable and no stored key)." },
  'sampling/header-unset': { severity: "error", range: "the model", meaning: "A header of the model reads an unset variable." },
  'synth/cancelled': { severity: "information", range: "", meaning: "The synthesis was cancelled; its verdicts so far are kept and a rerun continues from there." },
  'synth/dataset-unreadable': { severity: "error", range: "the seeds `path` value", meaning: "The seed dataset cannot be read." },
  'synth/io': { severity: "error", range: "", meaning: "The synthesis run folder cannot be used." },
  'synth/network-disallowed': { severity: "error", range: "", meaning: "Candidates are left but requests are not allowed here (untrusted workspace)." },
  'synth/no-entry': { severity: "error", range: "", meaning: "The recipe has no `synthesize` entries to run." },
  'synth/output-exists': { severity: "error", range: "", meaning: "The output is a symbolic link or a file passk did not export; it is not replaced without `--force`." },
  'synth/output-outside': { severity: "error", range: "", meaning: "The output is outside the recipe's folder; a recipe writes only inside its own folder unless `--force`." },
  'synth/output-unsafe': { severity: "error", range: "", meaning: "A folder on the way to the output is a symbolic link; passk does not follow it unless `--force`." },
  'synth/request-rejected': { severity: "error", range: "", meaning: "A model rejected the requests, so the synthesis stopped." },
  'synth/requests-failed': { severity: "warning", range: "", meaning: "Some candidates failed after retries; rerun to retry them." },
  'synth/unknown-dataset': { severity: "error", range: "the seeds name", meaning: "The synthesis seeds from a dataset the recipe does not define." },
  'synth/unknown-entry': { severity: "error", range: "", meaning: "The recipe has no synthesis of that name." },
  'synth/unknown-model': { severity: "error", range: "the model name", meaning: "A stage uses a model the recipe does not define." },
  'synth/unknown-prompt': { severity: "error", range: "the prompt name", meaning: "A stage uses a prompt the recipe does not define." },
  'template/budget': { severity: "error", range: "the construct that exhausted the budget, in the template text", meaning: "Rendering needed more than 200,000 steps, built a text over 1 MiB, or nested macro calls deeper than 100 (see Templates (docs/recipe-format.md))." },
  'template/render': { severity: "error", range: "the failing construct in the template text, when known", meaning: "Rendering failed at run time (e.g. outputting a member of a null value)." },
  'template/syntax': { severity: "error", range: "the offending template text, inside the YAML string", meaning: "nunjucks cannot parse the template." },
  'template/undefined-variable': { severity: "error", range: "the variable, inside the YAML string", meaning: "The variable is not available where the prompt is used; `data.variable`, `data.suggestion`, `data.context`." },
  'template/unsafe': { severity: "error", range: "the construct, inside the YAML string", meaning: "The template uses something prompt templates may not use: `include`/`import`/`extends`/`block`, a custom tag, a call of anything but `range`, `caller`, `loop.cycle` or a macro it defines, a filter or test outside the lists in Templates (docs/recipe-format.md), or a member such as `constructor`, `__proto__` or `toString`. Found before anything runs; at render time (a computed `x[name]`) the same refusal is a render error with this code." },
} as const satisfies Record<string, ProblemCodeDoc>;

export type ProblemCode = keyof typeof PROBLEM_CODES;

/** Whether a string is a registered code (for codes that arrive as data, e.g. from a run file). */
export function isProblemCode(code: string): code is ProblemCode {
  return Object.prototype.hasOwnProperty.call(PROBLEM_CODES, code);
}

/** The heading anchor of a code in docs/problem-codes.md: `recipe/unknown-key` → `recipe-unknown-key`. */
export function problemCodeAnchor(code: string): string {
  return code.replace(/[^a-z0-9-]/g, '-');
}
