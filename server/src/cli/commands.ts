// The table of CLI commands (DESIGN §5). One file per command; this table is the only place that lists them,
// so `passk help` and dispatch can never disagree.
import type { CommandSpec } from './io';
import { schemaCommand } from './schema';

export const commands: CommandSpec[] = [schemaCommand];
