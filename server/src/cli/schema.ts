// `passk schema`: prints the recipe JSON Schema generated from the field table (used by esbuild.js to ship
// dist/recipe.schema.json, and handy for other YAML tooling).
import { recipeJsonSchema } from '../recipe/schema';
import type { CommandSpec } from './io';

export const schemaCommand: CommandSpec = {
  name: 'schema',
  summary: 'print the JSON Schema for recipe files (for YAML tooling)',
  positionals: { usage: '', min: 0, max: 0 },
  flags: {},
  run: async (_args, io) => {
    io.out(JSON.stringify(recipeJsonSchema(), null, 2) + '\n');
    return 0;
  },
};
