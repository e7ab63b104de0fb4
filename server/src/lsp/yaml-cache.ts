// The `yaml` tree of one analysed version, parsed at most once and only when a feature needs it (locating the
// cursor inside flow mappings and quoted values, listing keys of a flow mapping). Keyed by the Analysis
// object, so it is dropped together with that version. Parsing a 2 000-line recipe costs tens of
// milliseconds, so completion on a plain block line must not pay it: `lazyTreeOf` hands `locate` a stand-in
// that parses only when `locate` actually reads the tree (it reads it only when indentation cannot answer).
import { parseYaml, type YDoc } from '../recipe/yaml-tree';
import type { Analysis } from './session';

const trees = new WeakMap<Analysis, YDoc>();

export function yamlTreeOf(a: Analysis): YDoc {
  let tree = trees.get(a);
  if (!tree) {
    tree = parseYaml(a.text).doc;
    trees.set(a, tree);
  }
  return tree;
}

/** A YDoc stand-in that parses on first property access; methods are bound to the real document. */
export function lazyTreeOf(a: Analysis): YDoc {
  return new Proxy({} as YDoc, {
    get(_target, prop) {
      const real = yamlTreeOf(a);
      const value = Reflect.get(real, prop, real) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(real) : value;
    },
  });
}
