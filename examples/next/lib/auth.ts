/**
 * The app's one `protect`, made when a route module first loads, so its key cache serves
 * every request. Set JWT_ISSUER and JWT_AUDIENCE (in `.env.local`, say).
 */
import { jwtAuth } from '@jwt-guard/next';

export const protect = jwtAuth({
  issuer: process.env.JWT_ISSUER!,
  audience: process.env.JWT_AUDIENCE!,
});
