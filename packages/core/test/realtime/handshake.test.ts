import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JwtGuardError } from '../../src/errors/jwt-guard-error.js';
import {
  authenticateHandshake,
  createHandshakeAuthenticator,
  type HandshakeAuthenticator,
} from '../../src/realtime/handshake.js';
import {
  PROTOCOL_TOKEN_PREFIX,
  protocolForToken,
  readProtocolToken,
  selectProtocol,
} from '../../src/realtime/protocol-token.js';
import { thrownBy } from '../outcome.js';

let issuer: TestIssuer;
let handshakes: HandshakeAuthenticator;
let token: string;

beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
  handshakes = createHandshakeAuthenticator({ issuer: issuer.issuer, audience: issuer.audience });
  token = await issuer.mint({ claims: { sub: 'sam' } });
});
afterAll(() => issuer.close());

const codeOf = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(JwtGuardError);
  return { code: (error as JwtGuardError).code, status: (error as JwtGuardError).status };
};

describe('protocol token', () => {
  it('round-trips a token through its subprotocol item', () => {
    const item = protocolForToken(token);
    expect(item.startsWith(PROTOCOL_TOKEN_PREFIX)).toBe(true);
    expect(item).toMatch(/^[A-Za-z0-9._-]+$/);
    expect(readProtocolToken(`chat, ${item}`)).toBe(token);
    expect(readProtocolToken('chat, superchat')).toBeUndefined();
  });

  it('refuses two token items and an undecodable one', () => {
    const item = protocolForToken(token);
    expect(thrownBy(() => readProtocolToken(`${item}, ${item}`))).toMatchObject({
      code: 'ERR_MULTIPLE_TOKENS',
    });
    expect(thrownBy(() => readProtocolToken(`${PROTOCOL_TOKEN_PREFIX}a=b`))).toMatchObject({
      code: 'ERR_MALFORMED_AUTHORIZATION',
    });
    // Base64url characters, but a length no encoding has (one left over): not decodable.
    expect(thrownBy(() => readProtocolToken(`${PROTOCOL_TOKEN_PREFIX}YWJjZ`))).toMatchObject({
      code: 'ERR_MALFORMED_AUTHORIZATION',
    });
    expect(readProtocolToken(`${PROTOCOL_TOKEN_PREFIX}YWJj`)).toBe('abc');
  });

  it('selects the first offered protocol that is not the token, or none', () => {
    const item = protocolForToken(token);
    expect(selectProtocol(new Set([item, 'chat']))).toBe('chat');
    expect(selectProtocol(`${item}`)).toBe(false);
  });
});

describe('authenticateHandshake', () => {
  it('reads Authorization from fetch Headers and from Node headers', async () => {
    const fetchAuth = await handshakes.authenticate({
      headers: new Headers({ authorization: `Bearer ${token}` }),
    });
    const nodeAuth = await authenticateHandshake(handshakes, {
      headers: {},
      rawHeaders: ['Authorization', `Bearer ${token}`],
      url: '/ws',
    });
    expect([fetchAuth.payload.sub, nodeAuth.payload.sub]).toEqual(['sam', 'sam']);
  });

  it('reads the protocol and the query only when asked', async () => {
    const protocol = { headers: { 'sec-websocket-protocol': `chat, ${protocolForToken(token)}` } };
    const query = { headers: {}, url: `/ws?access_token=${token}` };
    expect(await codeOf(handshakes.authenticate(protocol))).toEqual({
      code: 'ERR_NO_TOKEN',
      status: 401,
    });
    expect(await codeOf(handshakes.authenticate(query))).toEqual({
      code: 'ERR_NO_TOKEN',
      status: 401,
    });
    const byProtocol = await handshakes.authenticate(protocol, { fromProtocol: true });
    const byQuery = await handshakes.authenticate(query, { fromQuery: true });
    expect([byProtocol.payload.sub, byQuery.payload.sub]).toEqual(['sam', 'sam']);
  });

  it('refuses a token from two places with 400', async () => {
    const headers = {
      authorization: `Bearer ${token}`,
      'sec-websocket-protocol': protocolForToken(token),
    };
    const both = { fromProtocol: true, fromQuery: true };
    expect(await codeOf(handshakes.authenticate({ headers }, both))).toEqual({
      code: 'ERR_MULTIPLE_TOKENS',
      status: 400,
    });
    const queried = {
      headers: { authorization: `Bearer ${token}` },
      url: `/ws?access_token=${token}`,
    };
    expect(await codeOf(handshakes.authenticate(queried))).toMatchObject({ status: 400 });
    expect(await codeOf(handshakes.authenticate(queried, both))).toMatchObject({ status: 400 });
  });

  it('refuses two ?access_token= values with 400 ERR_MULTIPLE_TOKENS, however the name is spelled', async () => {
    const other = await issuer.mint({ claims: { sub: 'kim' } });
    const query = { fromQuery: true };
    await expect(
      handshakes.authenticate({ headers: {}, url: `/ws?access_token=${token}` }, query),
    ).resolves.toMatchObject({ payload: { sub: 'sam' } });
    for (const url of [
      `/ws?access_token=${token}&access_token=${other}`,
      `/ws?access_token=${token}&access_token=${token}`,
      `/ws?access_token=${token}&access%5Ftoken=${other}`,
      `/ws?access_token=&access_token=${token}`,
    ]) {
      expect(await codeOf(handshakes.authenticate({ headers: {}, url }, query)), url).toEqual({
        code: 'ERR_MULTIPLE_TOKENS',
        status: 400,
      });
    }
  });

  it('takes options in place of an authenticator, and its refusals carry the challenge', async () => {
    const options = {
      issuer: issuer.issuer,
      audience: issuer.audience,
      challenge: { realm: 'live' },
    };
    const error = await authenticateHandshake(options, { headers: {} }).catch((e: unknown) => e);
    expect((error as JwtGuardError).headers['WWW-Authenticate']).toBe('Bearer realm="live"');
  });
});
