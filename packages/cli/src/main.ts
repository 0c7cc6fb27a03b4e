/** The `jwt-guard` executable: parses the command line, runs one command, sets the exit code. */
import { parseCommand, USAGE, UsageError } from './args.js';
import { discoverIssuer } from './discover.js';
import { inspectToken } from './inspect.js';
import { type CommandResult, render, useColour } from './output.js';
import { readToken } from './read-token.js';
import { verifyToken } from './verify.js';

async function run(argv: readonly string[]): Promise<number> {
  let command: ReturnType<typeof parseCommand>;
  try {
    command = parseCommand(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`jwt-guard: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (command.name === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  let result: CommandResult;
  if (command.name === 'discover') {
    result = await discoverIssuer(command.issuer);
  } else {
    const token = await readToken(command.token, process.stdin);
    result =
      command.name === 'inspect'
        ? inspectToken(token, Date.now())
        : await verifyToken(token, command);
  }
  process.stdout.write(
    render(result, { json: command.json, colour: useColour(process.stdout, process.env) }),
  );
  return result.exitCode;
}

run(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`jwt-guard: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
