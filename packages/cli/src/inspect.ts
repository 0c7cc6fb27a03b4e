/** `jwt-guard inspect`: shows what a token says, plainly marked as not verified. */
import { decodeToken, MalformedTokenError } from './decode.js';
import type { CommandResult, Line } from './output.js';
import { describeNumericDate, isoTime, NUMERIC_DATE_CLAIMS } from './time.js';

const NOT_VERIFIED = 'NOT VERIFIED: this only decodes the token';

/**
 * Decodes `token` and reports its kind, header and claims, NumericDates as ISO time and
 * relative to `nowMs`. Exit code 0, or 2 for input that is not a token.
 *
 * @example
 * ```ts
 * const result = inspectToken(token, Date.now());
 * ```
 */
export function inspectToken(token: string, nowMs: number): CommandResult {
  let decoded: ReturnType<typeof decodeToken>;
  try {
    decoded = decodeToken(token);
  } catch (error) {
    if (!(error instanceof MalformedTokenError)) throw error;
    return {
      exitCode: 2,
      json: { verified: false, error: 'malformed', message: error.message },
      lines: [{ text: `Not a token: ${error.message}`, tone: 'bad' }],
    };
  }
  const nowSeconds = Math.floor(nowMs / 1000);
  const times: Record<string, { iso: string; relative: string }> = {};
  for (const claim of NUMERIC_DATE_CLAIMS) {
    const value = decoded.claims?.[claim];
    const iso = isoTime(value);
    if (iso && typeof value === 'number') {
      times[claim] = { iso, relative: describeNumericDate(claim, value, nowSeconds) };
    }
  }
  const lines: Line[] = [
    { text: NOT_VERIFIED, tone: 'warn' },
    {
      text:
        decoded.kind === 'JWS'
          ? 'Kind: JWS (signed, three parts)'
          : 'Kind: JWE (encrypted, five parts): only the header can be read',
    },
    { text: 'Header:' },
    ...indentJson(decoded.header),
  ];
  if (decoded.claims) {
    lines.push({ text: 'Claims:' }, ...indentJson(decoded.claims));
    for (const [claim, time] of Object.entries(times)) {
      lines.push({ text: `  ${claim}: ${time.iso} (${time.relative})`, tone: 'dim' });
    }
  }
  return {
    exitCode: 0,
    json: {
      verified: false,
      kind: decoded.kind,
      header: decoded.header,
      ...(decoded.claims ? { claims: decoded.claims, times } : {}),
    },
    lines,
  };
}

const indentJson = (value: unknown): Line[] =>
  JSON.stringify(value, null, 2)
    .split('\n')
    .map((text) => ({ text: `  ${text}` }));
