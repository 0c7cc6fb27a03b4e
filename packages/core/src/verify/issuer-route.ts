/** The route of one trusted issuer: what verifying its tokens needs, made once. */
import type { Introspector } from '../introspection/introspector.js';
import type { JwksKeySource, KeySource } from '../keys/key-source.js';
import type { RequestContext } from '../request-context.js';
import type { VerificationRules, VerifySignedToken } from '../signature/signed-token.js';
import type { AuthInfoMaker } from './issuer-claims.js';

/** One trusted issuer, ready to verify its tokens. */
export interface IssuerRoute {
  readonly issuer: string;
  readonly rules: VerificationRules;
  readonly verifySigned: VerifySignedToken;
  /** Whether a key this issuer's source named is still in force ({@link KeySource.holds}). */
  readonly holds: ((id: string, context?: RequestContext) => boolean) | undefined;
  /**
   * For a source the verifier built, `holds` with how long the answer stands while the
   * verifier's key-set generation does not move ({@link JwksKeySource.heldUntil}).
   */
  readonly heldUntil?: JwksKeySource['heldUntil'] | undefined;
  /** For a source the verifier built: how long its refusal of an unknown `kid` stands. */
  readonly unknownKeyStandsUntil?: JwksKeySource['unknownKeyStandsUntil'] | undefined;
  readonly keySource: KeySource;
  /** Makes the `AuthInfo` of its tokens, carrying where this issuer puts roles and scopes. */
  readonly authInfo: AuthInfoMaker;
  /** Its token introspection (RFC 7662), when it has one. */
  readonly introspector?: Introspector | undefined;
}
