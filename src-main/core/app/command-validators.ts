// Checks every command's arguments against its schema (contract/schemas.ts, COMMAND_ARGS). Both
// hosts run this on whatever arrives from the renderer (a page script could send anything),
// before any service sees the values.

import * as v from 'valibot';
import { COMMAND_ARGS, describeIssue, type CommandArgsTable, type ValidCommandArgs } from '../../contract/schemas';
import type { CommandArgs, CommandName } from './commands';

export class InvalidArgumentError extends Error {
  override name = 'InvalidArgumentError';
}

// Compile-time checks that the schema table and the bridge agree, both ways: each command has a
// schema, and what a schema lets through is exactly what the bridge method takes. A command added
// to KpatBridge without a schema (or with a different one) fails the type-check here.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Agreement = { [K in CommandName]: K extends keyof CommandArgsTable ? Same<ValidCommandArgs<K>, CommandArgs<K>> : false };
type Disagreeing = { [K in CommandName]: Agreement[K] extends true ? never : K }[CommandName];
const _schemasMatchBridge: [Disagreeing] extends [never] ? true : Disagreeing = true;
const _noStraySchemas: [Exclude<keyof CommandArgsTable, CommandName>] extends [never] ? true : Exclude<keyof CommandArgsTable, CommandName> = true;
void _schemasMatchBridge;
void _noStraySchemas;

export function validateCommandArgs<K extends CommandName>(name: K, args: unknown): CommandArgs<K> {
  if (!Array.isArray(args)) throw new InvalidArgumentError(`${name}: arguments must be a list`);
  const { names, schema } = COMMAND_ARGS[name];
  if (args.length !== names.length) {
    const expected = names.length === 0 ? 'takes no arguments' : `takes ${names.length} argument${names.length === 1 ? '' : 's'} (${names.join(', ')})`;
    throw new InvalidArgumentError(`${name}: ${expected}, got ${args.length}`);
  }
  const result = v.safeParse(schema as v.GenericSchema<unknown, unknown>, args);
  if (!result.success) throw new InvalidArgumentError(`${name}: ${describeIssue(result.issues[0], names)}`);
  return result.output as CommandArgs<K>;
}
