/**
 * `jwt-guard verify`: verifies a token with core's `createVerifier`, the same verifier the
 * middleware runs, and on failure explains the code with a hint.
 */
import {
  createVerifier,
  ERROR_CODES,
  JwtGuardError,
  type Verifier,
  type VerifierOptions,
} from '@jwt-guard/core';
import { decodeToken } from './decode.js';
import { type HintInput, hintFor } from './hints.js';
import type { CommandResult } from './output.js';
import { describeNumericDate } from './time.js';

/** The verifier options the command line sets. */
export interface VerifyOptions {
  readonly issuer: string;
  readonly audience: readonly string[];
  readonly jwksUri?: string | undefined;
  readonly algorithms?: readonly string[] | undefined;
  readonly clockTolerance?: number | undefined;
}

/**
 * Verifies `token`. Exit code 0 when valid, 1 when refused (with code, description and
 * hint), 2 when the options themselves are invalid.
 *
 * @example
 * ```ts
 * const result = await verifyToken(token, { issuer: 'https://id.example.com/', audience: ['api'] });
 * ```
 */
export async function verifyToken(token: string, options: VerifyOptions): Promise<CommandResult> {
  const verifierOptions: VerifierOptions = {
    issuer: options.issuer,
    audience: options.audience,
    jwksUri: options.jwksUri,
    algorithms: options.algorithms,
    clockTolerance: options.clockTolerance,
    // One token, once: a cache would only hold it in memory.
    cache: false,
  };
  let verifier: Verifier;
  try {
    verifier = createVerifier(verifierOptions);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return {
      exitCode: 2,
      json: { valid: false, error: message },
      lines: [{ text: message, tone: 'bad' }],
    };
  }
  const nowMs = Date.now();
  try {
    return validResult(await verifier.verify(token), nowMs);
  } catch (error) {
    if (!(error instanceof JwtGuardError)) throw error;
    return refusedResult(error, token, {
      issuer: options.issuer,
      audience: options.audience,
      jwksUri: options.jwksUri,
      algorithms: verifier.options.algorithms,
      ready: () => createVerifier(verifierOptions).ready(),
      nowMs,
    });
  }
}

/** A verified token: its subject, expiry and key id. */
function validResult(
  { payload, header }: Awaited<ReturnType<Verifier['verify']>>,
  nowMs: number,
): CommandResult {
  const exp =
    typeof payload.exp === 'number'
      ? describeNumericDate('exp', payload.exp, Math.floor(nowMs / 1000))
      : 'no exp';
  return {
    exitCode: 0,
    json: {
      valid: true,
      sub: payload.sub ?? null,
      exp: payload.exp ?? null,
      expires: exp,
      kid: header.kid ?? null,
    },
    lines: [
      { text: 'valid', tone: 'good' },
      { text: `sub: ${payload.sub ?? '(none)'}` },
      { text: `exp: ${exp}` },
      { text: `kid: ${header.kid ?? '(none)'}` },
    ],
  };
}

/** A refused token: the code, its description, and a hint from its unverified parts. */
async function refusedResult(
  error: JwtGuardError,
  token: string,
  context: Omit<HintInput, 'code' | 'header' | 'claims'>,
): Promise<CommandResult> {
  const decoded = safeDecode(token);
  const hint = await hintFor({
    ...context,
    code: error.code,
    header: decoded?.header,
    claims: decoded?.claims,
  });
  const description = ERROR_CODES[error.code].description;
  return {
    exitCode: 1,
    json: { valid: false, code: error.code, description, hint: hint ?? null },
    lines: [
      { text: `invalid: ${error.code}`, tone: 'bad' },
      { text: description },
      ...(hint ? [{ text: `HINT: ${hint}`, tone: 'warn' as const }] : []),
    ],
  };
}

function safeDecode(token: string) {
  try {
    return decodeToken(token);
  } catch {
    return undefined;
  }
}
