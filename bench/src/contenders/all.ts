/** Every in-process contender, in table order: ours first, the floor last. */
import { auth0 } from './auth0.js';
import { awsJwtVerify } from './aws-jwt-verify.js';
import { fastJwtCache, fastJwtNoCache } from './fast-jwt.js';
import { honoJwk, honoJwkKeys } from './hono-jwk.js';
import { jose } from './jose.js';
import { jsonwebtoken } from './jsonwebtoken.js';
import { nodeCrypto } from './node-crypto.js';
import { ours, oursNoCache } from './ours.js';
import { oursExpress, oursHono } from './ours-adapters.js';
import type { Contender } from './types.js';

/** The contenders of the in-process phase. */
export const contenders: readonly Contender[] = [
  ours,
  oursNoCache,
  jose,
  jsonwebtoken,
  fastJwtCache,
  fastJwtNoCache,
  awsJwtVerify,
  oursExpress,
  auth0,
  oursHono,
  honoJwk,
  honoJwkKeys,
  nodeCrypto,
];
