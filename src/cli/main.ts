#!/usr/bin/env node
/** The CLI entry: parses argv, runs a command, and alone maps errors to messages and exit codes. */
import { CommanderError } from 'commander';
import { isRungraphError } from '../errors.js';
import { buildProgram } from './program.js';
import { EXIT } from './exit-codes.js';

try {
  await (await buildProgram(process.argv)).parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : EXIT.usage);
  const error = e as Error;
  process.stderr.write(`rungraph: ${error.message}\n`);
  if (isRungraphError(e) && e.hint) process.stderr.write(`hint: ${e.hint}\n`);
  process.exit(error instanceof TypeError || error instanceof RangeError ? EXIT.usage : EXIT.failure);
}
