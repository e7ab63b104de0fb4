// The table of CLI commands (DESIGN §5). One file per command; this table is the only place that lists them,
// so `passk help` and dispatch can never disagree.
import type { CommandSpec } from './io';
import { schemaCommand } from './schema';
import { evalCommand } from './eval';
import { reportCommand } from './report';
import { simCommand } from './sim';
import { gradeCommand } from './grade';
import { scoreCommand } from './score';

export const commands: CommandSpec[] = [schemaCommand, gradeCommand, scoreCommand, evalCommand, reportCommand, simCommand];
