/**
 * Which issuer an opaque token goes to. It names no issuer, and sending it to the wrong
 * provider hands it over: with one introspecting issuer it goes there; with several each
 * must have a selector (a prefix or `matches`), and a token goes only to the one whose
 * selector matches. Several without selectors is a `TypeError` at creation.
 */
import { fail } from '../options/option-error.js';
import type { ResolvedIntrospection } from './options.js';

/** An issuer that introspects opaque tokens, with its option path for messages. */
export interface OpaqueIssuer {
  readonly issuer: string;
  readonly introspection: ResolvedIntrospection;
  /** Its option path, `issuer[1]`. */
  readonly where: string;
}

/** The issuer an opaque token goes to, or `undefined` when none may have it. */
export type OpaqueRouter = (token: string) => string | undefined;

/**
 * Prepares the routing of opaque tokens among `issuers` (the listed ones whose
 * `introspection.tokens` is `'opaque'` or `'both'`); `undefined` when there are none, and
 * opaque tokens are then refused as malformed, as without introspection.
 *
 * @example
 * ```ts
 * const route = opaqueRouter([{ issuer, introspection, where: 'issuer[0]' }]);
 * route?.('2YotnFZFEjr1zCsicMWpAA'); // issuer
 * ```
 */
export function opaqueRouter(issuers: readonly OpaqueIssuer[]): OpaqueRouter | undefined {
  if (issuers.length === 0) return undefined;
  const [only] = issuers;
  if (issuers.length === 1 && only !== undefined) {
    const { selector } = only.introspection;
    return selector === undefined
      ? () => only.issuer
      : (token) => (selects(selector, token) ? only.issuer : undefined);
  }
  const unselected = issuers.find((one) => one.introspection.selector === undefined);
  if (unselected !== undefined) {
    fail(
      `${unselected.where}.introspection.prefix`,
      'or matches(token) is required: several issuers introspect opaque tokens, and a token must go only to its own',
    );
  }
  // A token two selectors claim is refused rather than sent to either.
  return (token) => {
    let found: string | undefined;
    for (const { issuer, introspection } of issuers) {
      if (!selects(introspection.selector, token)) continue;
      if (found !== undefined) return undefined;
      found = issuer;
    }
    return found;
  };
}

// A predicate that throws selects nothing: the token is refused, never sent anywhere.
function selects(selector: ((token: string) => boolean) | undefined, token: string): boolean {
  try {
    return selector?.(token) === true;
  } catch {
    return false;
  }
}
