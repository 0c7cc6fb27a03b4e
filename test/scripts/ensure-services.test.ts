/**
 * scripts/ensure-services.mjs, run first by `pnpm test` (issue 19 §2.10): a missing program
 * is installed as root with one `apt-get update` first, and otherwise the run stops with
 * the exact command. The commands are recorded here, never run.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

interface Need {
  name: string;
  why: string;
  find: () => boolean;
  apt?: string[];
  commands?: string[][];
}
interface EnsureOptions {
  needs?: Need[];
  isRoot?: boolean;
  hasAptGet?: () => boolean;
  run?: (argv: string[]) => void;
  log?: (line: string) => void;
}
interface Script {
  NEEDS: Need[];
  ensureServices(options?: EnsureOptions): string[];
}

const path = fileURLToPath(new URL('../../scripts/ensure-services.mjs', import.meta.url));
// A computed specifier: the script is plain JavaScript, typed by the interface above.
const script = (await import(`${path}`)) as Script;

/** A need that is found once `installed()` says so: what the recorded commands would bring. */
const need = (name: string, extra: Partial<Need> = {}) => {
  let present = false;
  return {
    need: { name, why: `the ${name} tests`, find: () => present, ...extra },
    installed: () => {
      present = true;
    },
  };
};

describe('scripts/ensure-services.mjs', () => {
  it('does nothing when every need is found', () => {
    const ran: string[][] = [];
    const found = { name: 'redis-server', why: 'x', find: () => true, apt: ['redis-server'] };
    expect(
      script.ensureServices({ needs: [found], isRoot: true, run: (a) => ran.push(a) }),
    ).toEqual([]);
    expect(ran).toEqual([]);
  });

  it('as root, installs what is missing: apt-get update once, then one install', () => {
    const redis = need('redis-server', { apt: ['redis-server'] });
    const browser = need('chromium', {
      apt: ['fonts-liberation'],
      commands: [['node', 'scripts/unpack-chromium.mjs']],
    });
    const ran: string[][] = [];
    const installed = script.ensureServices({
      needs: [redis.need, browser.need],
      isRoot: true,
      hasAptGet: () => true,
      run: (argv) => {
        ran.push(argv);
        if (argv[0] === 'node') browser.installed();
        if (argv[1] === 'install') redis.installed();
      },
      log: () => {},
    });
    expect(installed).toEqual(['redis-server', 'chromium']);
    expect(ran).toEqual([
      ['apt-get', 'update', '-qq'],
      [
        'apt-get',
        'install',
        '-y',
        '-qq',
        '--no-install-recommends',
        'redis-server',
        'fonts-liberation',
      ],
      ['node', 'scripts/unpack-chromium.mjs'],
    ]);
  });

  it('without root, stops at once with the exact command, and runs nothing', () => {
    const ran: string[][] = [];
    const redis = need('redis-server', { apt: ['redis-server'] });
    expect(() =>
      script.ensureServices({ needs: [redis.need], isRoot: false, run: (a) => ran.push(a) }),
    ).toThrow(
      /redis-server[\s\S]*\n {2}sudo apt-get update -qq && sudo apt-get install -y -qq --no-install-recommends redis-server\n/,
    );
    expect(ran).toEqual([]);
  });

  it('as root without apt-get, stops with the command rather than failing to run it', () => {
    const ran: string[][] = [];
    const redis = need('redis-server', { apt: ['redis-server'] });
    expect(() =>
      script.ensureServices({
        needs: [redis.need],
        isRoot: true,
        hasAptGet: () => false,
        run: (a) => ran.push(a),
      }),
    ).toThrow(/apt-get install -y -qq --no-install-recommends redis-server/);
    expect(ran).toEqual([]);
  });

  it('fails loudly when an install leaves the need missing', () => {
    const redis = need('redis-server', { apt: ['redis-server'] });
    expect(() =>
      script.ensureServices({
        needs: [redis.need],
        isRoot: true,
        hasAptGet: () => true,
        run: () => {},
        log: () => {},
      }),
    ).toThrow(/redis-server still missing after install/);
  });

  it('needs redis-server, from apt, where @jwt-guard/testing looks for it', () => {
    expect(script.NEEDS.map(({ name, apt }) => ({ name, apt }))).toEqual([
      { name: 'redis-server', apt: ['redis-server'] },
    ]);
  });

  it('passes on this machine, where the tests run', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [path]);
    expect({ stdout, stderr }).toEqual({ stdout: '', stderr: '' });
  });
});
