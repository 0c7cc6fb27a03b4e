/** Property tests: token extraction never crashes and never accepts what RFC 6750 forbids. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractBearerToken, InvalidRequestError, InvalidTokenError } from '../../src/index.js';

const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

describe('extractBearerToken properties', () => {
  it('answers any header value with a b64token, nothing, or a typed 400/401', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string({ unit: 'binary' }),
          fc.constant('Bearer '),
          fc.stringMatching(/^[Bb]earer [ -~]{0,40}$/),
        ),
        fc.option(fc.string(), { nil: undefined }),
        (authorization, query) => {
          try {
            const token = extractBearerToken({ authorization, query }, { tokenFromQuery: true });
            if (token !== undefined) expect(token).toMatch(B64TOKEN);
          } catch (error) {
            expect(error instanceof InvalidRequestError || error instanceof InvalidTokenError).toBe(
              true,
            );
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('returns exactly the token of a well-formed header, whatever the scheme case and spacing', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9\-._~+/]{1,60}=*$/),
        fc.constantFrom('Bearer', 'bearer', 'BEARER', 'bEaReR'),
        fc.stringMatching(/^[ \t]{1,4}$/),
        fc.stringMatching(/^[ \t]{0,3}$/),
        (token, scheme, gap, around) => {
          expect(
            extractBearerToken({ authorization: `${around}${scheme}${gap}${token}${around}` }),
          ).toBe(token);
        },
      ),
    );
  });

  it('refuses any two credentials, however they are combined', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
        fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
        (a, b) => {
          for (const sources of [
            { authorization: [`Bearer ${a}`, `Bearer ${b}`] },
            { authorization: `Bearer ${a}, Bearer ${b}` },
            { authorization: `Bearer ${a}`, query: `?access_token=${b}` },
          ]) {
            expect(() => extractBearerToken(sources)).toThrow(InvalidRequestError);
          }
        },
      ),
    );
  });
});
