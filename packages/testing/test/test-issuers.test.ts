/** Several test issuers at once, with one close. */
import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTestIssuers } from '../src/index.js';

describe('createTestIssuers', () => {
  it('starts as many issuers as asked, each with its own identifier and keys', async () => {
    const issuers = await createTestIssuers(3);
    try {
      expect(issuers).toHaveLength(3);
      expect(new Set(issuers.map((issuer) => issuer.issuer)).size).toBe(3);
      const [a, b] = issuers;
      const token = await a!.mint();
      await expect(
        jwtVerify(token, createLocalJWKSet(a!.jwks()), { issuer: a!.issuer }),
      ).resolves.toBeDefined();
      await expect(jwtVerify(token, createLocalJWKSet(b!.jwks()))).rejects.toThrow();
    } finally {
      await issuers.close();
    }
    for (const issuer of issuers) await expect(fetch(issuer.jwksUri)).rejects.toThrow();
  });

  it('takes options per issuer', async () => {
    const issuers = await createTestIssuers([
      { path: '/tenant-a', algorithms: ['ES256'] },
      { path: '/tenant-b', audience: 'https://b.example.test' },
    ]);
    try {
      expect(issuers[0]!.issuer).toMatch(/\/tenant-a$/);
      expect(issuers[0]!.keys.map((key) => key.alg)).toEqual(['ES256']);
      expect(issuers[1]!.audience).toBe('https://b.example.test');
    } finally {
      await issuers.close();
    }
  });

  it('refuses a count that is not a positive integer, and closes what started when one fails', async () => {
    for (const count of [0, -1, 1.5, Number.NaN]) {
      await expect(createTestIssuers(count)).rejects.toThrow(TypeError);
    }
    // Two issuers cannot share one fixed port: the second fails, the first is closed.
    const [probe] = await createTestIssuers(1);
    const port = Number(new URL(probe!.issuer).port);
    await probe!.close();
    await expect(createTestIssuers([{ port }, { port }])).rejects.toThrow();
    const again = await createTestIssuers([{ port }]);
    await again.close();
  });
});
