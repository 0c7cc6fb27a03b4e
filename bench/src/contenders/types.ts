/** The shape every in-process contender follows. */
import type { TestIssuer } from '@jwt-guard/testing';
import type { Alg } from '../config.js';
import type { Driver } from '../measure.js';

/** What a contender is prepared with: one issuer, one algorithm, its tokens. */
export interface ContenderContext {
  readonly issuer: TestIssuer;
  readonly alg: Alg;
  /** Every token it will be asked to verify (the "cold" pool; "hot" uses the first). */
  readonly tokens: readonly string[];
  /** The algorithms a contender should accept, where it takes a list. */
  readonly algorithms: readonly Alg[];
}

/** A ready contender, with an optional remark for the report. */
export interface Prepared extends Driver {
  readonly note?: string;
}

/** A contender that cannot run here, and why. */
export interface Skipped {
  readonly skipped: string;
}

/** One library or configuration under test. */
export interface Contender {
  /** Stable id, used in results/latest.json. */
  readonly id: string;
  /** Row label in the tables. */
  readonly label: string;
  /**
   * Id of our variant doing the same work, its like-for-like ratio is taken against
   * (peers without a token cache against ours with `cache: false`). Default `ours-nocache`.
   */
  readonly baseline?: string;
  /** Builds a driver for one algorithm, or says why it cannot. */
  prepare(context: ContenderContext): Promise<Prepared | Skipped>;
}

/**
 * Whether `prepare` answered with a skip.
 *
 * @example
 * ```ts
 * if (isSkipped(prepared)) notes.push(prepared.skipped);
 * ```
 */
export function isSkipped(value: Prepared | Skipped): value is Skipped {
  return 'skipped' in value;
}
