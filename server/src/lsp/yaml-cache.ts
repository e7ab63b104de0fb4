// The `yaml` tree of one analysed version, parsed at most once and only when a feature needs it (locating the
// cursor inside flow mappings and quoted values, listing keys already present). Keyed by the Analysis object,
// so it is dropped together with that version.
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
