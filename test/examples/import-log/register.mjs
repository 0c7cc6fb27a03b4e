/**
 * `node --import` this file to log every module a process resolves, one URL a line, to the
 * file named by JWT_GUARD_IMPORT_LOG: what the demo test reads to show what `pnpm start` runs.
 */
import { register } from 'node:module';

register('./hooks.mjs', import.meta.url);
