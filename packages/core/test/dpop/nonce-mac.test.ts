/**
 * A nonce's MAC is the same whichever code computes it: node:crypto on Node (the default)
 * or WebCrypto (every other runtime), so a fleet of mixed runtimes shares nonces, and each
 * refuses a MAC that is off by one bit or cut short.
 */
import { describe, expect, it, vi } from 'vitest';
import { createNonceMac } from '../../src/dpop/nonce-mac.js';

const secret = new Uint8Array(32).fill(7);
const step = new Uint8Array([0, 0, 0, 0, 0, 0x5a, 0x1b, 0x2c]);

describe('the nonce MAC on node:crypto and on WebCrypto', () => {
  it('gives the same MAC, and each accepts the other’s', async () => {
    const viaNode = createNonceMac(secret);
    const viaWeb = createNonceMac(secret, false);
    const fromNode = new Uint8Array(await viaNode.sign(step));
    const fromWeb = new Uint8Array(await viaWeb.sign(step));
    expect(fromNode).toEqual(fromWeb);
    expect(fromNode).toHaveLength(32);
    expect(await viaWeb.verify(fromNode, step)).toBe(true);
    expect(await viaNode.verify(fromWeb, step)).toBe(true);
  });

  it('each refuses a flipped bit, a short MAC and another step', async () => {
    const good = new Uint8Array(await createNonceMac(secret).sign(step));
    const flipped = good.slice();
    flipped[31] = (flipped[31] as number) ^ 1;
    const otherStep = step.slice();
    otherStep[7] = (otherStep[7] as number) + 1;
    for (const mac of [createNonceMac(secret), createNonceMac(secret, false)]) {
      expect(await mac.verify(flipped, step)).toBe(false);
      expect(await mac.verify(good.slice(0, 31), step)).toBe(false);
      expect(await mac.verify(good, otherStep)).toBe(false);
      expect(await mac.verify(good, step)).toBe(true);
    }
  });

  it('on Node, needs no WebCrypto call', async () => {
    const sign = vi.spyOn(globalThis.crypto.subtle, 'sign');
    const verify = vi.spyOn(globalThis.crypto.subtle, 'verify');
    const mac = createNonceMac(secret);
    expect(await mac.verify(new Uint8Array(await mac.sign(step)), step)).toBe(true);
    expect(sign).not.toHaveBeenCalled();
    expect(verify).not.toHaveBeenCalled();
    vi.restoreAllMocks();
  });
});
