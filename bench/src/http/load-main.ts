/**
 * Child-process entry of the load generator: says `{ ready: true }`, then answers each
 * {@link LoadSpec} with its {@link LoadResult} (or `{ error }`), one run at a time.
 */
import { type LoadSpec, runAutocannon } from './autocannon-run.js';

const send = (message: unknown) => process.send?.(message);
process.on('disconnect', () => process.exit(0));
process.on('message', (spec: LoadSpec) => {
  runAutocannon(spec).then(send, (error: unknown) =>
    send({ error: error instanceof Error ? error.message : String(error) }),
  );
});
send({ ready: true });
