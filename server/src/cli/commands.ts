// The table of CLI commands. One file per command; this table is the only place that lists them, so help and
// dispatch can never disagree.
import type { CommandSpec } from './io';
import { schemaCommand } from './schema';
import { checkCommand } from './check';
import { evalCommand } from './eval';
import { reportCommand } from './report';
import { compareCommand } from './compare';
import { simCommand } from './sim';
import { gradeCommand } from './grade';
import { scoreCommand } from './score';
import { synthCommand } from './synth';
import { previewCommand } from './preview';
import { mergeCommand } from './merge';

export const commands: CommandSpec[] = [checkCommand, previewCommand, evalCommand, synthCommand, mergeCommand, reportCommand, compareCommand, gradeCommand, scoreCommand, simCommand, schemaCommand];

export function findCommand(name: string): CommandSpec | undefined {
  return commands.find((c) => c.name === name);
}
