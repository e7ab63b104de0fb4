// The `is` tests a prompt template may use (`x is defined`, `n is divisibleby(3)`), with nunjucks 3.2's
// meanings. Like the filters, they only inspect template values (template-values.ts); an unknown test is
// refused before rendering (check-template-safety.ts).
import { compare, isArray, isDict, RenderError, TemplateCallable, toNumber, truthy, type TemplateValue } from './template-values';

type Test = (v: TemplateValue, ...args: TemplateValue[]) => boolean;

const TESTS: Record<string, Test> = {
  callable: (v) => v instanceof TemplateCallable,
  defined: (v) => v !== undefined,
  undefined: (v) => v === undefined,
  divisibleby: (v, n) => toNumber(v) % toNumber(n) === 0,
  escaped: () => false,
  equalto: (a, b) => a === b,
  even: (v) => toNumber(v) % 2 === 0,
  odd: (v) => toNumber(v) % 2 === 1,
  falsy: (v) => !truthy(v),
  truthy: (v) => truthy(v),
  ge: (a, b) => compare('>=', a, b),
  gt: (a, b) => compare('>', a, b),
  le: (a, b) => compare('<=', a, b),
  lt: (a, b) => compare('<', a, b),
  ne: (a, b) => a !== b,
  lower: (v) => typeof v === 'string' && v.toLowerCase() === v,
  upper: (v) => typeof v === 'string' && v.toUpperCase() === v,
  null: (v) => v === null,
  number: (v) => typeof v === 'number',
  string: (v) => typeof v === 'string',
  iterable: (v) => typeof v === 'string' || isArray(v),
  mapping: (v) => isDict(v),
};
TESTS['eq'] = TESTS['equalto']!;
TESTS['sameas'] = TESTS['equalto']!;
TESTS['greaterthan'] = TESTS['gt']!;
TESTS['lessthan'] = TESTS['lt']!;
// `x is none` parses as a test named by the literal null; Jinja spells it `none`.
TESTS['none'] = TESTS['null']!;

/** The names of every test a template may use. */
export const TEST_NAMES: ReadonlySet<string> = new Set(Object.keys(TESTS));

export function runTest(name: string, value: TemplateValue, args: TemplateValue[]): boolean {
  const test = Object.prototype.hasOwnProperty.call(TESTS, name) ? TESTS[name] : undefined;
  if (!test) throw new RenderError(`The test "${name}" is not available in templates.`, 'template/unsafe');
  return test(value, ...args) === true;
}
