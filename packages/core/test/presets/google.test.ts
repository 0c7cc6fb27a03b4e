import { describe, expect, it } from 'vitest';
import type { IssuerResolver } from '../../src/index.js';
import { presets } from '../../src/presets/index.js';

const CLIENT = '1234-abc.apps.googleusercontent.com';

describe('presets.google', () => {
  it('both issuer spellings through one resolver, Google’s keys, RS256, aud', () => {
    const options = presets.google({ audience: CLIENT });
    expect(options).toEqual({
      issuer: expect.any(Function),
      audience: [CLIENT],
      algorithms: ['RS256'],
    });
    const resolve = options.issuer as IssuerResolver;
    const keys = { jwksUri: 'https://www.googleapis.com/oauth2/v3/certs' };
    expect(resolve('https://accounts.google.com', undefined)).toEqual(keys);
    expect(resolve('accounts.google.com', undefined)).toEqual(keys);
    for (const iss of [
      'https://accounts.google.com/',
      'http://accounts.google.com',
      'https://accounts.google.com.evil.com',
      'https://cloud.google.com/iap',
      'Accounts.google.com',
      '',
    ]) {
      expect(resolve(iss, undefined)).toBeUndefined();
    }
  });

  it('checks hd against your Workspace domains', () => {
    const options = presets.google({
      audience: [CLIENT, 'https://svc.example.run.app'],
      hostedDomain: ['example.com', 'example.org'],
    });
    expect(options.audience).toEqual([CLIENT, 'https://svc.example.run.app']);
    expect(options.claims).toEqual({ hd: ['example.com', 'example.org'] });
  });

  it('takes another issuer for tests, whose discovery names its keys', () => {
    expect(presets.google({ audience: CLIENT, issuer: 'http://127.0.0.1:4000/' })).toEqual({
      issuer: 'http://127.0.0.1:4000',
      audience: [CLIENT],
      algorithms: ['RS256'],
    });
  });

  it.each([
    ['no audience', {}, 'audience'],
    ['an empty hostedDomain', { audience: CLIENT, hostedDomain: [] }, 'hostedDomain'],
    [
      'an http issuer off loopback',
      { audience: CLIENT, issuer: 'http://accounts.google.com' },
      'issuer',
    ],
  ])('refuses %s with a TypeError naming the option', (_, input, option) => {
    expect(() => presets.google(input as never)).toThrow(TypeError);
    expect(() => presets.google(input as never)).toThrow(`presets.google() option "${option}"`);
  });
});
