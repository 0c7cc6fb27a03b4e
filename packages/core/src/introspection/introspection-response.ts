/**
 * Reads an introspection answer (RFC 7662 §2.2): a JSON object whose `active` is a
 * boolean, or an RFC 9701 signed answer carrying that object in `token_introspection`.
 * An answer that is neither is the provider failing, not the token: it rejects (503),
 * never refuses the token (401).
 */
import type { JWTPayload } from 'jose';
import type { IntrospectionAnswer } from './introspection-cache.js';
import { type IntrospectionReply, JWT_RESPONSE_TYPE } from './introspection-request.js';

/** Verifies an RFC 9701 answer and returns its claims; rejects when it does not verify. */
export type VerifyJwtResponse = (jwt: string) => Promise<JWTPayload>;

/** Why an answer cannot be read. Its message names the reason, never the content. */
export class IntrospectionResponseError extends Error {
  override readonly name = 'IntrospectionResponseError';
}

/**
 * The answer in `reply`: a signed one is verified with `verifyJwt` first.
 *
 * @example
 * ```ts
 * const answer = await readIntrospectionAnswer(reply, verifyJwt);
 * if (answer.active) answer.claims.sub;
 * ```
 */
export async function readIntrospectionAnswer(
  reply: IntrospectionReply,
  verifyJwt: VerifyJwtResponse,
): Promise<IntrospectionAnswer> {
  if (reply.mediaType === JWT_RESPONSE_TYPE) {
    const claims = await verifyJwt(reply.body.trim());
    return answerOf(
      Object.hasOwn(claims, 'token_introspection') ? claims.token_introspection : undefined,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(reply.body);
  } catch (cause) {
    throw new IntrospectionResponseError('introspection response is not JSON', { cause });
  }
  return answerOf(json);
}

function answerOf(json: unknown): IntrospectionAnswer {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    throw new IntrospectionResponseError('introspection response is not a JSON object');
  }
  const { active, ...claims } = json as Record<string, unknown>;
  if (!Object.hasOwn(json, 'active') || typeof active !== 'boolean') {
    throw new IntrospectionResponseError('introspection response has no boolean "active"');
  }
  // RFC 7662 §2.2: an inactive answer says nothing more about the token.
  return active ? { active, claims: claims as JWTPayload } : { active };
}
