#!/usr/bin/env node
/** The CLI entry: parses argv, runs a command, and alone maps errors to messages and exit codes. */
import { CommanderError } from 'commander';
import { isRungraphError } from '../errors.js';
import { buildProgram } from './program.js';
import { EXIT } from './exit-codes.js';

// The reader of our output went away (`rungraph export | head`): nothing more is wanted, and nothing
// went wrong here, so stop quietly instead of reporting "write EPIPE".
// Other errors are left to whoever else listens (export's stream pipeline), or thrown as before.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  if (process.stdout.listenerCount('error') === 1) throw e;
});

try {
  await (await buildProgram(process.argv)).parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) process.exit(e.exitCode === 0 ? 0 : EXIT.usage);
  const error = e as Error;
  process.stderr.write(`rungraph: ${error.message}\n`);
  if (isRungraphError(e) && e.hint) process.stderr.write(`hint: ${e.hint}\n`);
  process.exit(error instanceof TypeError || error instanceof RangeError ? EXIT.usage : EXIT.failure);
}
