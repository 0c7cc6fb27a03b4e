/** `GET /api/down`: behind an issuer that cannot be reached, so keys cannot be had (503). */
import { protectDown } from '../../../lib/auth';

export const GET = protectDown(async () => new Response('unreachable'));
