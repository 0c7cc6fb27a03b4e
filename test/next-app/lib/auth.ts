/**
 * One `jwtAuth` per issuer for the whole app, made when a route module first loads: its
 * key cache then serves every request that module handles (per runtime: the Node server
 * and the Edge sandbox each load their own copy).
 */
import { jwtAuth } from '@jwt-guard/next';

const audience = process.env.JWT_AUDIENCE!;

/** Protects a route handler with the app's issuer. */
export const protect = jwtAuth({ issuer: process.env.JWT_ISSUER!, audience });

/** The same, for an issuer that cannot be reached: its routes answer 503. */
export const protectDown = jwtAuth({ issuer: process.env.JWT_DOWN_ISSUER!, audience });
