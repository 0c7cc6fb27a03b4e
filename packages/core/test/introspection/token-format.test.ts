/** What counts as a JWT (verified locally) and what as opaque (introspected), and the hash key. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isJoseToken, tokenHash } from '../../src/introspection/token-format.js';

describe('token format', () => {
  it.each([
    ['a compact JWS', 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln', true],
    ['a compact JWE', 'eyJhbGciOiJkaXIifQ..aXY.Y3Q.dGFn', true],
    ['a padded JWS (refused locally, not sent out)', 'eyJhbGciOiJFUzI1NiJ9.e30=.c2ln', true],
    ['a JWS without a signature', 'eyJhbGciOiJub25lIn0.e30.', true],
    ['an oidc-provider reference', 'Hq3Wv2pZc2vFZ0bU9m8Z1x3YkQmVbXs7dL0aR5tN6eE', false],
    ['a prefixed reference with a dot', 'ory_at_9Xk2Lm.f0Qa', false],
    ['four segments', 'eyJhbGciOiJFUzI1NiJ9.e30.c2ln.eA', false],
    ['three segments without a JSON header', 'abc.def.ghi', false],
  ])('%s: %s', (_what, token, jose) => {
    expect(isJoseToken(token)).toBe(jose);
  });

  it('the key is the SHA-256 of the token, base64url, and never the token', async () => {
    const token = 'Hq3Wv2pZc2vFZ0bU9m8Z1x3YkQmVbXs7dL0aR5tN6eE';
    const expected = createHash('sha256').update(token).digest('base64url');
    expect(await tokenHash(token)).toBe(expected);
    expect(await tokenHash(`${token}x`)).not.toBe(expected);
  });
});
