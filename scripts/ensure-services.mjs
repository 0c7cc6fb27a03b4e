// Run first by `pnpm test`: the programs the tests start must be on this machine before
// anything is built. A missing one is installed when this runs as root (CI, a fresh Debian
// machine); otherwise the run stops at once and prints the exact command that installs it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** True when `program` is on PATH or in one of `dirs` (where Debian puts it). */
export const onPath = (program, dirs = []) =>
  [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), ...dirs].some((dir) =>
    existsSync(join(dir, program)),
  );

/**
 * What the tests need from the machine, one entry each: `find` tells whether it is here;
 * `apt` names the Debian packages that bring it; `commands` run after them (such as
 * unpacking a binary that an npm package ships).
 *
 * The browser test's Chromium needs no entry: `@sparticuz/chromium`, a root devDependency,
 * ships the binary inside its npm package, and the only system libraries it links beyond
 * libc (libnss3, libnspr4, libexpat1) are on the base image. Installers that download a
 * browser build of their own (`playwright install`) fail where only the npm registry and
 * Debian's packages are reached, so they are not used. Debian's `chromium` is the fallback:
 * `{ name: 'chromium', why: '…', find: () => onPath('chromium', ['/usr/bin']), apt: ['chromium'] }`.
 */
export const NEEDS = [
  {
    name: 'redis-server',
    why: 'the Redis store, fleet and soak tests start a real one on 127.0.0.1',
    // The places @jwt-guard/testing's findRedisServer() looks.
    find: () => onPath('redis-server', ['/usr/bin']),
    apt: ['redis-server'],
  },
];

const APT_INSTALL = ['install', '-y', '-qq', '--no-install-recommends'];

/** The commands that bring `missing`, in order: one `apt-get update` first, if any apt. */
export function installCommands(missing) {
  const packages = missing.flatMap((need) => need.apt ?? []);
  const apt = packages.length
    ? [
        ['apt-get', 'update', '-qq'],
        ['apt-get', ...APT_INSTALL, ...packages],
      ]
    : [];
  return [...apt, ...missing.flatMap((need) => need.commands ?? [])];
}

/** What a user without root runs: the same commands, apt-get's through sudo. */
export function commandLine(commands) {
  return commands
    .map((argv) => (argv[0] === 'apt-get' ? ['sudo', ...argv] : argv).join(' '))
    .join(' && ');
}

const runCommand = (argv) =>
  execFileSync(argv[0], argv.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });

/**
 * Finds every need; installs the missing ones as root; else throws an `Error` whose message
 * names them and the command to run. Returns the names it installed.
 */
export function ensureServices({
  needs = NEEDS,
  isRoot = process.getuid?.() === 0,
  hasAptGet = () => onPath('apt-get', ['/usr/bin']),
  run = runCommand,
  log = (line) => console.error(line),
} = {}) {
  const missing = needs.filter((need) => !need.find());
  if (missing.length === 0) return [];
  const commands = installCommands(missing);
  const names = missing.map((need) => need.name);
  const lacking = missing.map((need) => `${need.name} (${need.why})`).join('; ');
  const usesApt = commands.some((argv) => argv[0] === 'apt-get');
  if (!isRoot || (usesApt && !hasAptGet())) {
    throw new Error(
      `pnpm test needs ${lacking}, and this machine lacks it.\n` +
        `Install it${isRoot ? " (Debian's command; use your system's package manager)" : ''}, then run pnpm test again:\n\n` +
        `  ${commandLine(commands)}\n`,
    );
  }
  log(`pnpm test: installing ${names.join(', ')} (${commands.length} commands, as root)`);
  for (const argv of commands) run(argv);
  const still = missing.filter((need) => !need.find()).map((need) => need.name);
  if (still.length) throw new Error(`pnpm test: ${still.join(', ')} still missing after install`);
  return names;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    ensureServices();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
