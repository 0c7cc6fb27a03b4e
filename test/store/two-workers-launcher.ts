/**
 * Serves one bundled Workers module as two Worker instances in workerd through miniflare,
 * on 127.0.0.1 and any free port, printed as `listening on http://127.0.0.1:PORT`. Worker
 * `a` is the entry and binds worker `b` as `PEER`; both bind the Durable Object class
 * (`--object-class`) that `a` exports as `REVOCATIONS`, so two isolates share one object.
 * Run by Node 22 (miniflare's engines floor), which strips the types itself:
 * `node two-workers-launcher.ts --script worker.js --object-class Name [--var NAME=VALUE]...`.
 * Stops when its stdin closes, or on SIGINT/SIGTERM.
 */
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Miniflare } from 'miniflare';

const { values } = parseArgs({
  options: {
    script: { type: 'string' },
    'object-class': { type: 'string' },
    var: { type: 'string', multiple: true, default: [] },
  },
});
const className = values['object-class'];
if (!values.script || !className) throw new TypeError('--script and --object-class are required');
const bindings = Object.fromEntries(
  values.var.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
);
const scriptPath = resolve(values.script);
const worker = {
  modules: true,
  scriptPath,
  modulesRoot: dirname(scriptPath),
  compatibilityDate: '2026-07-01',
  bindings,
};

const mf = new Miniflare({
  workers: [
    {
      ...worker,
      name: 'a',
      durableObjects: { REVOCATIONS: { className, useSQLite: true } },
      serviceBindings: { PEER: 'b' },
    },
    { ...worker, name: 'b', durableObjects: { REVOCATIONS: { className, scriptName: 'a' } } },
  ],
  host: '127.0.0.1',
  port: 0,
});
let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  await mf.dispose();
  // Exit by running dry: dispose() leaves the removal of its temporary directory running.
  process.stdin.destroy();
};
process.stdin.on('end', stop).resume();
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

const url = await mf.ready;
console.log(`listening on ${url.origin}`);
