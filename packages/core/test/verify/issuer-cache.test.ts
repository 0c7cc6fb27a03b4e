/**
 * What a verifier keeps per issuer (issue 19 §1.1): with a resolver, issuers that have
 * verified a token are kept apart from the others, so unverified traffic cannot evict
 * them; established issuers still replace one another, least recently used first.
 */
import { describe, expect, it } from 'vitest';
import { createIssuerCache, type IssuerStanding } from '../../src/verify/issuer-cache.js';

/** A standing the test moves by hand, as the admission does when a token verifies. */
function handStanding() {
  const established = new Set<string>();
  const listeners: ((issuer: string) => void)[] = [];
  const standing: IssuerStanding = {
    isEstablished: (issuer) => established.has(issuer),
    onEstablished: (listener) => {
      listeners.push(listener);
    },
  };
  const establish = (issuer: string) => {
    established.add(issuer);
    for (const listener of listeners) listener(issuer);
  };
  const forget = (issuer: string) => established.delete(issuer);
  return { standing, establish, forget };
}

const fill = (cache: { set(k: string, v: string, i: string): void }, prefix: string, n: number) => {
  for (let i = 0; i < n; i += 1) cache.set(`${prefix}${i}`, `value ${prefix}${i}`, `${prefix}${i}`);
};

describe('createIssuerCache', () => {
  it('without a standing (a fixed list): one LRU map of max entries', () => {
    const cache = createIssuerCache<string>(2);
    cache.set('a', 'A', 'a');
    cache.set('b', 'B', 'b');
    expect(cache.get('a')).toBe('A');
    cache.set('c', 'C', 'c');
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A', undefined, 'C']);
  });

  it('an issuer that verified a token survives any number of never-seen ones', () => {
    const { standing, establish } = handStanding();
    const cache = createIssuerCache<string>(3, standing);
    cache.set('real\nkeys', 'real source', 'real');
    establish('real');
    fill(cache, 'junk-', 500);
    expect(cache.get('real\nkeys')).toBe('real source');
    // The others are an LRU map of their own: the three most recent are kept.
    expect(cache.get('junk-499')).toBe('value junk-499');
    expect(cache.get('junk-496')).toBeUndefined();
  });

  it('promotes every entry of the issuer when its first token verifies, and no other', () => {
    const { standing, establish } = handStanding();
    const cache = createIssuerCache<string>(3, standing);
    cache.set('stranger', 'unverified', 'stranger');
    cache.set('real\none', 'one', 'real');
    cache.set('real\ntwo', 'two', 'real');
    establish('real');
    fill(cache, 'junk-', 10);
    expect([cache.get('real\none'), cache.get('real\ntwo')]).toEqual(['one', 'two']);
    expect(cache.get('stranger')).toBeUndefined();
    expect(cache.get('junk-0')).toBeUndefined();
  });

  it('an entry set for an established issuer goes straight to the established ones', () => {
    const { standing, establish } = handStanding();
    establish('real');
    const cache = createIssuerCache<string>(1, standing);
    cache.set('real', 'route', 'real');
    fill(cache, 'junk-', 5);
    expect(cache.get('real')).toBe('route');
  });

  it('established issuers replace one another, least recently used first', () => {
    const { standing, establish } = handStanding();
    const cache = createIssuerCache<string>(2, standing);
    for (const issuer of ['a', 'b', 'c']) {
      cache.set(issuer, issuer.toUpperCase(), issuer);
      establish(issuer);
      if (issuer === 'b') expect(cache.get('a')).toBe('A');
    }
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual(['A', undefined, 'C']);
  });

  it('a value set again moves to the tier its issuer stands in now', () => {
    const { standing, establish, forget } = handStanding();
    const cache = createIssuerCache<string>(1, standing);
    cache.set('x', 'first', 'x');
    establish('x');
    forget('x');
    cache.set('x', 'second', 'x');
    cache.set('y', 'Y', 'y');
    // Back among the others, the newer never-seen issuer pushed it out.
    expect(cache.get('x')).toBeUndefined();
    establish('y');
    cache.set('y', 'Y2', 'y');
    fill(cache, 'junk-', 3);
    expect(cache.get('y')).toBe('Y2');
  });
});
