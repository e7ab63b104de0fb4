// The JSON Schema comes from the field table: every field must appear at its place, with the table's
// constraints, and the document must have draft-07 shape. It must also agree with the validator on real
// recipes: the full fixture validates, and typical mistakes are rejected by a small draft-07 evaluator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { FIELDS, splitPattern } from '../../../server/src/recipe/fields';
import { recipeJsonSchema } from '../../../server/src/recipe/schema';
import { fixtures } from '../../helpers/paths';

type S = Record<string, unknown>;

/** The sub-schema for a table pattern path, following properties / additionalProperties / items. */
function at(schema: S, pattern: string): S | undefined {
  let cur: S | undefined = schema;
  for (const seg of splitPattern(pattern)) {
    if (!cur) return undefined;
    if (seg === '*') cur = cur['additionalProperties'] as S | undefined;
    else if (seg === '[]') cur = cur['items'] as S | undefined;
    else cur = (cur['properties'] as Record<string, S> | undefined)?.[seg];
  }
  return cur;
}

const DRAFT7_KEYWORDS = new Set([
  '$schema', '$id', 'title', 'description', 'markdownDescription', 'type', 'properties', 'required', 'additionalProperties',
  'items', 'enum', 'anyOf', 'pattern', 'minimum', 'maximum', 'exclusiveMinimum', 'default', 'propertyNames',
]);

function walkSchema(s: S, visit: (s: S) => void): void {
  visit(s);
  for (const p of Object.values((s['properties'] as Record<string, S>) ?? {})) walkSchema(p, visit);
  for (const k of ['additionalProperties', 'items', 'propertyNames']) if (typeof s[k] === 'object') walkSchema(s[k] as S, visit);
  for (const a of (s['anyOf'] as S[]) ?? []) walkSchema(a, visit);
}

/** A draft-07 evaluator for the keywords the schema uses, enough to check agreement with the validator. */
function validate(s: S, v: unknown, where = '$'): string[] {
  const errs: string[] = [];
  const types = ([] as string[]).concat((s['type'] as string | string[]) ?? []);
  const typeOf = (x: unknown) => (Array.isArray(x) ? 'array' : x === null ? 'null' : Number.isInteger(x) ? 'integer' : typeof x);
  if (types.length && !types.some((t) => t === typeOf(v) || (t === 'number' && typeOf(v) === 'integer'))) return [`${where}: type`];
  if (s['enum'] && !(s['enum'] as unknown[]).includes(v)) errs.push(`${where}: enum`);
  if (s['anyOf'] && !(s['anyOf'] as S[]).some((a) => validate(a, v).length === 0)) errs.push(`${where}: anyOf`);
  if (typeof s['pattern'] === 'string' && typeof v === 'string' && !new RegExp(s['pattern']).test(v)) errs.push(`${where}: pattern`);
  if (typeof v === 'number') {
    if (typeof s['minimum'] === 'number' && v < s['minimum']) errs.push(`${where}: minimum`);
    if (typeof s['exclusiveMinimum'] === 'number' && v <= s['exclusiveMinimum']) errs.push(`${where}: exclusiveMinimum`);
    if (typeof s['maximum'] === 'number' && v > s['maximum']) errs.push(`${where}: maximum`);
  }
  if (typeOf(v) === 'object') {
    const o = v as Record<string, unknown>;
    for (const r of (s['required'] as string[]) ?? []) if (!(r in o)) errs.push(`${where}: required ${r}`);
    const props = (s['properties'] as Record<string, S>) ?? {};
    for (const [k, x] of Object.entries(o)) {
      if (props[k]) errs.push(...validate(props[k], x, `${where}.${k}`));
      else if (s['additionalProperties'] === false) errs.push(`${where}: additional ${k}`);
      else if (typeof s['additionalProperties'] === 'object') errs.push(...validate(s['additionalProperties'] as S, x, `${where}.${k}`));
      if (s['propertyNames']) errs.push(...validate(s['propertyNames'] as S, k, `${where}[key ${k}]`));
    }
  }
  if (Array.isArray(v) && s['items']) v.forEach((x, i) => errs.push(...validate(s['items'] as S, x, `${where}[${i}]`)));
  return errs;
}

const schema = recipeJsonSchema();

test('the schema has draft-07 shape and only uses draft-07 keywords', () => {
  assert.equal(schema['$schema'], 'http://json-schema.org/draft-07/schema#');
  assert.equal(schema['type'], 'object');
  walkSchema(schema, (s) => {
    for (const k of Object.keys(s)) assert.ok(DRAFT7_KEYWORDS.has(k), `keyword ${k}`);
    const types = ([] as string[]).concat((s['type'] as string | string[]) ?? []);
    for (const t of types) assert.ok(['string', 'number', 'integer', 'boolean', 'object', 'array', 'null'].includes(t), `type ${t}`);
    if (s['required']) assert.ok(Array.isArray(s['required']));
  });
  assert.doesNotThrow(() => JSON.parse(JSON.stringify(schema)));
});

test('every field of the table appears in the schema with its constraints', () => {
  for (const f of FIELDS) {
    const s = at(schema, f.path);
    assert.ok(s, `schema has ${f.path}`);
    assert.equal(s['markdownDescription'], f.docs, `docs of ${f.path}`);
    if (f.min !== undefined) assert.equal(s[f.exclusiveMin ? 'exclusiveMinimum' : 'minimum'], f.min, `min of ${f.path}`);
    if (f.max !== undefined) assert.equal(s['maximum'], f.max, `max of ${f.path}`);
    if (f.enum && !f.enumPrefixes) assert.deepEqual(s['enum'], f.enum);
    if (f.default !== undefined) assert.deepEqual(s['default'], f.default);
    const segs = splitPattern(f.path);
    if (f.required && segs.length > 1) {
      const parent = at(schema, f.path.slice(0, f.path.lastIndexOf('.')));
      assert.ok(((parent?.['required'] ?? []) as string[]).includes(segs[segs.length - 1]!), `${f.path} is required`);
    }
  }
});

test('the schema accepts the full fixture recipe and rejects typical mistakes', () => {
  const full = parse(fs.readFileSync(path.join(fixtures, 'recipes', 'full.recipe.yaml'), 'utf8'));
  assert.deepEqual(validate(schema, full), []);
  const bad = structuredClone(full);
  bad.models.teacher.api = 'chta';
  bad.models.teacher.concurency = 3;
  delete bad.models.student.model;
  bad.evaluate['gsm8k-7b'].topP = 0;
  bad.evaluate['gsm8k-7b'].grader.extract = 'regex:(\\d+)';
  bad.evaluate['gsm8k-7b'].expect = { 'pass@x': 0.5 };
  assert.deepEqual(validate(schema, bad).sort(), [
    '$.evaluate.gsm8k-7b.expect[key pass@x]: pattern',
    '$.evaluate.gsm8k-7b.topP: exclusiveMinimum',
    '$.models.student: required model',
    '$.models.teacher.api: enum',
    '$.models.teacher: additional concurency',
  ]);
});
