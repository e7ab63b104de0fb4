// The table of CLI commands (DESIGN §5). One file per command; this table is the only place that lists them,
// so `passk help` and dispatch can never disagree.
import type { CommandSpec } from './io';
import { schemaCommand } from './schema';
import { checkCommand } from './check';
import { evalCommand } from './eval';
import { reportCommand } from './report';
import { simCommand } from './sim';
import { gradeCommand } from './grade';
import { scoreCommand } from './score';
import { synthCommand } from './synth';
import { previewCommand } from './preview';

export const commands: CommandSpec[] = [checkCommand, schemaCommand, gradeCommand, scoreCommand, previewCommand, evalCommand, synthCommand, reportCommand, simCommand];
