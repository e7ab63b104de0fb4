// The recipe JSON Schema (draft-07), generated from the field table so generic YAML tooling (e.g. the Red Hat
// YAML extension through package.json `yamlValidation`) checks recipes with the same rules as passk itself.
import { childFields, entryField, FIELDS, fieldKey, splitPattern, type FieldSpec } from './fields';

type JsonSchema = Record<string, unknown>;

function jsonType(t: FieldSpec['types'][number]): string {
  return t === 'map' ? 'object' : t;
}

function segsOf(spec: FieldSpec): string[] {
  return splitPattern(spec.path);
}

function schemaFor(spec: FieldSpec): JsonSchema {
  const s: JsonSchema = {};
  const types = [...new Set(spec.types.map(jsonType))];
  s['type'] = types.length === 1 ? types[0] : types;
  s['description'] = spec.docs.replace(/`/g, '');
  s['markdownDescription'] = spec.docs;
  if (spec.default !== undefined) s['default'] = spec.default;
  if (spec.enum) {
    if (spec.enumPrefixes?.length) {
      s['anyOf'] = [{ enum: [...spec.enum] }, ...spec.enumPrefixes.map((p) => ({ type: 'string', pattern: `^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` }))];
    } else s['enum'] = [...spec.enum];
  }
  if (spec.min !== undefined) s[spec.exclusiveMin ? 'exclusiveMinimum' : 'minimum'] = spec.min;
  if (spec.max !== undefined) s['maximum'] = spec.max;
  const segs = segsOf(spec);
  // Pattern paths with `*` are instantiated with a placeholder name, since children only depend on the pattern.
  const path = segs.map((x) => (x === '[]' ? 0 : x === '*' ? '_' : x));
  if (spec.types.includes('object')) {
    const kids = childFields(path);
    const props: JsonSchema = {};
    for (const k of kids) props[fieldKey(k)] = schemaFor(k);
    s['properties'] = props;
    const required = kids.filter((k) => k.required).map(fieldKey);
    if (required.length) s['required'] = required;
    s['additionalProperties'] = false;
  }
  if (spec.types.includes('map')) {
    const entry = entryField(path);
    if (entry) s['additionalProperties'] = schemaFor(entry);
    if (spec.keyPattern) s['propertyNames'] = { pattern: spec.keyPattern };
  }
  if (spec.types.includes('array')) {
    const item = entryField(path);
    if (item) s['items'] = schemaFor(item);
  }
  return s;
}

/** The whole schema as a plain JSON value. */
export function recipeJsonSchema(): JsonSchema {
  const top = FIELDS.filter((f) => segsOf(f).length === 1);
  const props: JsonSchema = {};
  for (const f of top) props[f.path] = schemaFor(f);
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://passk.dev/schema/recipe-v1.json',
    title: 'passk recipe',
    description: 'A math dataset recipe: models, datasets, prompts, synthesis pipelines and pass@k evaluations.',
    type: 'object',
    properties: props,
    required: top.filter((f) => f.required).map((f) => f.path),
    additionalProperties: false,
  };
}
