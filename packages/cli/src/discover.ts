/**
 * `jwt-guard discover`: what an issuer publishes (metadata, then its key set) and the
 * problems core's verifier would meet with it.
 */
import { discoveryUrls } from '@jwt-guard/core/discovery';
import { fetchDocument } from './fetch-document.js';
import { type KeySummary, reviewKeySet } from './key-report.js';
import type { CommandResult, Line } from './output.js';
import { differOnlyBySlash } from './trailing-slash.js';

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * Fetches `issuer`'s metadata and key set and reports them. Exit code 0 when no problem
 * was found, 1 otherwise (an unreachable issuer included), 2 for an issuer that is not a URL.
 *
 * @example
 * ```ts
 * const result = await discoverIssuer('https://id.example.com/');
 * ```
 */
export async function discoverIssuer(issuer: string): Promise<CommandResult> {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    const message = 'the issuer must be an absolute URL';
    return {
      exitCode: 2,
      json: { issuer, error: message },
      lines: [{ text: message, tone: 'bad' }],
    };
  }
  const problems: string[] = [];
  if (url.protocol === 'http:' && !LOOPBACK_HOST.test(url.hostname)) {
    problems.push('the issuer uses plain http on a host that is not loopback: core refuses it');
  }
  const found = await fetchMetadata(issuer);
  if (!found.metadata) {
    problems.push(`no issuer metadata: ${found.failures.join('; ')}`);
    return report({ issuer, problems });
  }
  const { metadataUrl, metadata } = found;
  const named = metadata.issuer;
  const mismatch = issuerMismatch(named, issuer);
  if (mismatch) problems.push(mismatch);
  const jwksUri = typeof metadata.jwks_uri === 'string' ? metadata.jwks_uri : undefined;
  if (!jwksUri) {
    problems.push('the metadata has no jwks_uri');
    return report({ issuer, metadataUrl, metadataIssuer: named, problems });
  }
  return reviewJwks({ issuer, metadataUrl, metadataIssuer: named, jwksUri, problems });
}

/** The first discovery URL that answers a JSON object, or why each one failed. */
async function fetchMetadata(
  issuer: string,
): Promise<
  | { metadataUrl: string; metadata: Record<string, unknown> }
  | { metadata?: undefined; failures: string[] }
> {
  const failures: string[] = [];
  for (const candidate of discoveryUrls(issuer)) {
    try {
      const { json } = await fetchDocument(candidate);
      if (typeof json !== 'object' || json === null || Array.isArray(json)) {
        failures.push(`${candidate}: not a JSON object`);
        continue;
      }
      return { metadataUrl: candidate, metadata: json as Record<string, unknown> };
    } catch (error) {
      failures.push((error as Error).message);
    }
  }
  return { failures };
}

/** The problem when the metadata names another issuer than the one asked about. */
function issuerMismatch(named: unknown, issuer: string): string | undefined {
  if (named === issuer) return undefined;
  const slash =
    typeof named === 'string' && differOnlyBySlash(named, issuer)
      ? ' (they differ only by a trailing slash: configure the issuer exactly as its metadata names it)'
      : '';
  return `the metadata names issuer ${JSON.stringify(named)}, not ${JSON.stringify(issuer)}${slash}`;
}

/** Fetches the key set at `findings.jwksUri` and reports it with its problems. */
async function reviewJwks(
  findings: Findings & { readonly jwksUri: string; readonly problems: string[] },
): Promise<CommandResult> {
  const { problems } = findings;
  try {
    const jwks = await fetchDocument(findings.jwksUri);
    const review = reviewKeySet(jwks.json);
    problems.push(...review.problems);
    return report({
      ...findings,
      cacheControl: jwks.cacheControl,
      etag: jwks.etag,
      keys: review.keys,
    });
  } catch (error) {
    problems.push(`the key set cannot be fetched: ${(error as Error).message}`);
    return report(findings);
  }
}

interface Findings {
  readonly issuer: string;
  readonly metadataUrl?: string | undefined;
  readonly metadataIssuer?: unknown;
  readonly jwksUri?: string | undefined;
  readonly cacheControl?: string | undefined;
  readonly etag?: string | undefined;
  readonly keys?: readonly KeySummary[];
  readonly problems: readonly string[];
}

function report(findings: Findings): CommandResult {
  const shown = (value: unknown) => (value === undefined ? '(none)' : String(value));
  const lines: Line[] = [
    { text: `Issuer:        ${findings.issuer}` },
    { text: `Metadata URL:  ${shown(findings.metadataUrl)}` },
    { text: `Metadata iss:  ${shown(findings.metadataIssuer)}` },
    { text: `jwks_uri:      ${shown(findings.jwksUri)}` },
    { text: `Cache-Control: ${shown(findings.cacheControl)}` },
    { text: `ETag:          ${shown(findings.etag)}` },
  ];
  if (findings.keys) {
    lines.push({ text: `Keys (${findings.keys.length}):` });
    for (const key of findings.keys) {
      const parts = [`kid=${shown(key.kid)}`, `kty=${shown(key.kty)}`, `alg=${shown(key.alg)}`];
      parts.push(`use=${shown(key.use)}`);
      if (key.crv) parts.push(`crv=${key.crv}`);
      if (key.bits) parts.push(`bits=${key.bits}`);
      lines.push({ text: `  ${parts.join(' ')}` });
    }
  }
  if (findings.problems.length === 0) lines.push({ text: 'No problems found', tone: 'good' });
  for (const problem of findings.problems) lines.push({ text: `PROBLEM: ${problem}`, tone: 'bad' });
  return {
    exitCode: findings.problems.length === 0 ? 0 : 1,
    json: {
      issuer: findings.issuer,
      metadataUrl: findings.metadataUrl ?? null,
      metadataIssuer: findings.metadataIssuer ?? null,
      jwksUri: findings.jwksUri ?? null,
      cacheControl: findings.cacheControl ?? null,
      etag: findings.etag ?? null,
      keys: findings.keys ?? [],
      problems: findings.problems,
    },
    lines,
  };
}
