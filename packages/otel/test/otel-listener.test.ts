/** The listener records the documented instruments and spans from a real verifier's events. */

import { createVerifier } from '@jwt-guard/core';
import {
  authenticateRequest,
  createGuardMiddlewares,
  prepareAuthenticator,
} from '@jwt-guard/core/adapter';
import { authorize, type Guard, hasScopes } from '@jwt-guard/core/policy';
import { createTestIssuer, type TestIssuer } from '@jwt-guard/testing';
import { SpanStatusCode } from '@opentelemetry/api';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOtelListener, KEYS_FETCH_SPAN } from '../src/index.js';

let issuer: TestIssuer;
beforeAll(async () => {
  issuer = await createTestIssuer({ algorithms: ['ES256'] });
});
afterAll(() => issuer.close());

// A fresh SDK per test: the exporters hold what this test recorded and nothing else.
function setUp() {
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // A long interval: the test exports by hand with forceFlush.
  const reader = new PeriodicExportingMetricReader({
    exporter: metricExporter,
    exportIntervalMillis: 3_600_000,
  });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({
    spanProcessors: [new SimpleSpanProcessor(spanExporter)],
  });
  const events = createOtelListener({ meterProvider, tracerProvider });
  const metrics = async () => {
    await reader.forceFlush();
    const scopes = metricExporter.getMetrics().at(-1)?.scopeMetrics ?? [];
    return scopes.flatMap((scope) => scope.metrics);
  };
  return { events, metrics, spans: () => spanExporter.getFinishedSpans() };
}

type Recorded = Awaited<ReturnType<ReturnType<typeof setUp>['metrics']>>;
const points = (recorded: Recorded, name: string) =>
  recorded
    .filter((metric) => metric.descriptor.name === name)
    .flatMap((metric) => metric.dataPoints.map((point) => ({ ...point })));

describe('createOtelListener', () => {
  it('counts accepted, cached and refused tokens, times full verifications and key fetches', async () => {
    const { events, metrics, spans } = setUp();
    const verifier = createVerifier({ issuer: issuer.issuer, audience: issuer.audience, events });
    const token = await issuer.mint({ claims: { sub: 'alice-secret-sub' } });
    await verifier.verify(token);
    await verifier.verify(token);
    const expired = await issuer.mint({ expiresIn: -60, claims: { sub: 'bob-secret-sub' } });
    await expect(verifier.verify(expired)).rejects.toMatchObject({ code: 'ERR_TOKEN_EXPIRED' });

    const recorded = await metrics();
    expect(recorded.map((metric) => metric.descriptor.name).sort()).toEqual([
      'jwt_guard.keys.events',
      'jwt_guard.keys.fetch.duration',
      'jwt_guard.tokens',
      'jwt_guard.verification.duration',
    ]);
    const units = Object.fromEntries(recorded.map((m) => [m.descriptor.name, m.descriptor.unit]));
    expect(units).toEqual({
      'jwt_guard.keys.events': '{event}',
      'jwt_guard.keys.fetch.duration': 'ms',
      'jwt_guard.tokens': '{token}',
      'jwt_guard.verification.duration': 'ms',
    });

    const tokens = points(recorded, 'jwt_guard.tokens');
    expect(tokens.map(({ attributes, value }) => ({ attributes, value }))).toEqual(
      expect.arrayContaining([
        { attributes: { outcome: 'accepted', cached: false, issuer: issuer.issuer }, value: 1 },
        { attributes: { outcome: 'accepted', cached: true, issuer: issuer.issuer }, value: 1 },
        { attributes: { outcome: 'refused', code: 'ERR_TOKEN_EXPIRED' }, value: 1 },
      ]),
    );
    expect(tokens).toHaveLength(3);

    const [verification] = points(recorded, 'jwt_guard.verification.duration');
    expect(verification?.attributes).toEqual({ issuer: issuer.issuer });
    expect(verification?.value).toMatchObject({ count: 1 });

    const [fetch] = points(recorded, 'jwt_guard.keys.fetch.duration');
    expect(fetch?.attributes).toEqual({ outcome: 'fetched', issuer: issuer.issuer });
    expect(fetch?.value).toMatchObject({ count: 1 });
    expect(points(recorded, 'jwt_guard.keys.events').map((p) => [p.attributes, p.value])).toEqual([
      [{ type: 'fetched', issuer: issuer.issuer }, 1],
    ]);

    const [span, ...others] = spans();
    expect(others).toEqual([]);
    expect(span?.name).toBe(KEYS_FETCH_SPAN);
    expect(span?.name).toBe('jwt-guard keys fetch');
    expect(span?.status).toEqual({ code: SpanStatusCode.OK });
    expect(span?.attributes).toEqual({ issuer: issuer.issuer, keys: 1, from_store: false });

    // Neither a token nor a claim of one, accepted or refused, reaches an attribute.
    const attributes = JSON.stringify([
      ...recorded.flatMap((metric) => metric.dataPoints.map((point) => point.attributes)),
      ...spans().map((recordedSpan) => recordedSpan.attributes),
    ]);
    for (const secret of [token, expired, 'alice-secret-sub', 'bob-secret-sub']) {
      expect(attributes).not.toContain(secret);
    }
  });

  it('ends the fetch span with ERROR and the reason when the issuer is down', async () => {
    const down = await createTestIssuer({ algorithms: ['ES256'] });
    try {
      down.setOutage(true);
      const { events, metrics, spans } = setUp();
      const verifier = createVerifier({ issuer: down.issuer, audience: down.audience, events });
      await expect(verifier.verify(await down.mint())).rejects.toMatchObject({
        code: 'ERR_KEYS_UNAVAILABLE',
      });

      const [span, ...others] = spans();
      expect(others).toEqual([]);
      expect(span?.name).toBe('jwt-guard keys fetch');
      expect(span?.attributes).toEqual({ issuer: down.issuer });
      expect(span?.status.code).toBe(SpanStatusCode.ERROR);
      expect(span?.status.message).toContain('503');

      const recorded = await metrics();
      expect(points(recorded, 'jwt_guard.keys.events').map((p) => p.attributes)).toEqual([
        { type: 'failed', issuer: down.issuer },
      ]);
      expect(points(recorded, 'jwt_guard.keys.fetch.duration').map((p) => p.attributes)).toEqual([
        { outcome: 'failed', issuer: down.issuer },
      ]);
      expect(points(recorded, 'jwt_guard.tokens').map((p) => p.attributes)).toEqual([
        { outcome: 'refused', code: 'ERR_KEYS_UNAVAILABLE' },
      ]);
    } finally {
      await down.close();
    }
  });

  it('counts a token a guard or policy refused as a refusal, naming the guard', async () => {
    const { events, metrics } = setUp();
    const plan = prepareAuthenticator<string>(
      { issuer: issuer.issuer, audience: issuer.audience, events },
      (authorization) => ({ authorization }),
    );
    const guards = createGuardMiddlewares<Guard>((guard) => guard);
    const token = await issuer.mint({ claims: { scope: 'read', sub: 'carol-secret-sub' } });
    const auth = await authenticateRequest(plan, `Bearer ${token}`);
    expect(() => guards.requireScope('write')(auth)).toThrow(
      expect.objectContaining({ code: 'ERR_INSUFFICIENT_SCOPE' }),
    );
    await expect(
      authorize(auth, { method: 'GET', path: '/', params: {}, headers: {} }, hasScopes('admin')),
    ).rejects.toMatchObject({ code: 'ERR_INSUFFICIENT_SCOPE' });

    const tokens = points(await metrics(), 'jwt_guard.tokens');
    expect(tokens.map(({ attributes, value }) => ({ attributes, value }))).toEqual([
      { attributes: { outcome: 'accepted', cached: false, issuer: issuer.issuer }, value: 1 },
      {
        attributes: { outcome: 'refused', code: 'ERR_INSUFFICIENT_SCOPE', guard: 'requireScope' },
        value: 1,
      },
      {
        attributes: { outcome: 'refused', code: 'ERR_INSUFFICIENT_SCOPE', guard: 'authorize' },
        value: 1,
      },
    ]);
    expect(JSON.stringify(tokens)).not.toContain('carol-secret-sub');
  });

  it('counts stale key sets and skipped refetches', () => {
    const { events, metrics } = setUp();
    events({ type: 'keys-stale', issuer: 'https://id.example/' });
    events({ type: 'keys-refetch-skipped', issuer: 'https://id.example/' });
    return expect(
      metrics().then((recorded) =>
        points(recorded, 'jwt_guard.keys.events').map((p) => [p.attributes, p.value]),
      ),
    ).resolves.toEqual([
      [{ type: 'stale', issuer: 'https://id.example/' }, 1],
      [{ type: 'refetch-skipped', issuer: 'https://id.example/' }, 1],
    ]);
  });

  it('refuses a meter and a meter provider together', () => {
    const provider = new MeterProvider();
    expect(() =>
      createOtelListener({ meter: provider.getMeter('x'), meterProvider: provider }),
    ).toThrow(TypeError);
  });
});
