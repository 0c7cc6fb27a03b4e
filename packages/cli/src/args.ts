/** The command line, parsed with node:util's parseArgs: a command, one positional, flags. */
import { parseArgs } from 'node:util';

/** Usage text, printed by `--help` and after a usage error. */
export const USAGE = `Usage:
  jwt-guard inspect <token|->                     decode a token (NOT verified)
  jwt-guard verify <token|-> --issuer <url> --audience <aud>
                   [--jwks-uri <url>] [--algorithms RS256,ES256] [--clock-tolerance <s>]
  jwt-guard discover <issuer>                     check an issuer's metadata and keys
Options:
  --json   one JSON object on stdout
  --help   this text
A token of "-" is read from standard input.
Exit codes: 0 ok, 1 refused or problems found, 2 usage error or malformed input.`;

/** A parsed command line. */
export type Command =
  | { readonly name: 'help' }
  | { readonly name: 'inspect'; readonly token: string; readonly json: boolean }
  | { readonly name: 'discover'; readonly issuer: string; readonly json: boolean }
  | {
      readonly name: 'verify';
      readonly token: string;
      readonly json: boolean;
      readonly issuer: string;
      readonly audience: string[];
      readonly jwksUri: string | undefined;
      readonly algorithms: string[] | undefined;
      readonly clockTolerance: number | undefined;
    };

/** A command line that cannot run; the message says what to change. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

const split = (value: string) =>
  value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);

/**
 * Parses `argv` (without the node and script paths), or throws {@link UsageError}.
 *
 * @example
 * ```ts
 * parseCommand(['verify', '-', '--issuer', 'https://id.example.com/', '--audience', 'api']);
 * ```
 */
export function parseCommand(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  const [name, target, ...extra] = positionals;
  if (values.help || name === 'help') return { name: 'help' };
  if (name === undefined) throw new UsageError('no command given');
  if (name !== 'inspect' && name !== 'verify' && name !== 'discover') {
    throw new UsageError(`unknown command "${name}"`);
  }
  if (target === undefined) {
    throw new UsageError(`${name} needs ${name === 'discover' ? 'an issuer' : 'a token or -'}`);
  }
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const json = values.json ?? false;
  if (name === 'inspect') return { name, token: target, json };
  if (name === 'discover') return { name, issuer: target, json };
  if (!values.issuer) throw new UsageError('verify needs --issuer');
  if (!values.audience?.length) throw new UsageError('verify needs --audience');
  let clockTolerance: number | undefined;
  if (values['clock-tolerance'] !== undefined) {
    clockTolerance = Number(values['clock-tolerance']);
    if (!Number.isFinite(clockTolerance) || clockTolerance < 0) {
      throw new UsageError('--clock-tolerance must be a number of seconds, 0 or more');
    }
  }
  return {
    name,
    token: target,
    json,
    issuer: values.issuer,
    audience: values.audience.flatMap(split),
    jwksUri: values['jwks-uri'],
    algorithms: values.algorithms === undefined ? undefined : split(values.algorithms),
    clockTolerance,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      issuer: { type: 'string' },
      audience: { type: 'string', multiple: true },
      'jwks-uri': { type: 'string' },
      algorithms: { type: 'string' },
      'clock-tolerance': { type: 'string' },
    },
  });
}
