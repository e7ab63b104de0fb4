// The recipe core's public API. Everything here is pure: plain data in, `{ value, problems }` out, offsets
// as UTF-16 code units into the recipe text (convert with text/text-lines or lsp/convert). Never throws.
//
// For the LSP engineer:
// - Diagnostics: `analyzeRecipe(text, { file, env, fs? })` → `{ value: RecipeDoc, problems }`. Each problem has
//   a stable `code` (all listed in docs/recipe-format.md), `severity`, `message`, `span`; problems in other
//   files (dataset rows) carry `file` or sit in `related` with a `file`.
//   Quick fixes read `problem.data`: `suggestion` (replace the span's text with it: unknown keys, enum values,
//   references, template variables, dataset fields, `passk` version), `missingKey` + `path` (insert
//   `missingKey:` under the mapping at `path`; the span is that mapping's key).
// - Hover / completion: `locate(text, offset)` → { parent, key, inKey, path, span, prefix, section, entry,
//   field }. On a key: `fieldAt(path)?.docs`. Completing keys: `childFields(parent)` (each with docs, default,
//   required); for named sections (`models`, …) `entryField(parent)` describes the entries. Completing values:
//   `field.enum` (+ `enumPrefixes`), or for `field.ref` the names in `doc.models|datasets|prompts`; booleans
//   for `types` including 'boolean'.
// - Definition / references / rename: `doc.references` (every model/dataset/prompt name written, with span and
//   resolved `target`), entries' `nameSpan` (the key) and `span` (the value).
// - Symbols: the five maps of RecipeDoc (`models`, `datasets`, `prompts`, `synthesize`, `evaluate`).
// - Template variables inside prompts (semantic tokens, hover): `analyzeTemplate(prompt.user)` from
//   ../template gives each variable with its recipe span; `TEMPLATE_VARIABLES` names what each context gets.
//
// For the runs engineer: `analyzeRecipe` (refuse to run when `hasErrors(problems)`), `renderTemplate` and
// `readDataset` from ../template and ../datasets; apiKey and header values stay as written (`${env:…}`) and
// are resolved with `resolveEnv` from ../text/env at request time.
export { analyzeRecipe, emptyRecipe, type AnalyzeOptions } from './analyze';
export { IncrementalParser } from './incremental-parse';
export { childFields, entryField, enumAllows, fieldAt, fieldKey, FIELDS, splitPattern, type FieldSpec, type PathSegment, type ValueType } from './fields';
export { locate, type Location } from './locate';
export { recipeJsonSchema } from './schema';
export { ALL_TEMPLATE_VARIABLES, TEMPLATE_VARIABLE_DOCS, TEMPLATE_VARIABLES, type TemplateContext } from './template-contexts';
export { pathText } from './check-structure';
export { PEEK_ROWS } from './check-datasets';
export type * from './model';
