/** The resolve hook `register.mjs` installs: passes every resolution on, and logs its result. */
import { appendFileSync } from 'node:fs';

const LOG = process.env.JWT_GUARD_IMPORT_LOG;

export async function resolve(specifier, context, nextResolve) {
  const resolved = await nextResolve(specifier, context);
  if (LOG) appendFileSync(LOG, `${resolved.url}\n`);
  return resolved;
}
