/** What every migration example is built from: the issuer it trusts. */

/** The issuer, audience and JWKS URL an example trusts (the test issuer's). */
export interface IssuerTarget {
  /** The issuer identifier, e.g. `https://id.example.com/`. */
  readonly issuer: string;
  /** The API's audience. */
  readonly audience: string;
  /** The issuer's JWKS URL. */
  readonly jwksUri: string;
}
