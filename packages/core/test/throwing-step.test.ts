/**
 * The step of a framework that refuses by a throw: it goes on in the same tick when the step
 * returns at once, and a refusal leaves as the framework's exception made from the prepared
 * answer, without a stack for a 4xx.
 */
import { describe, expect, it } from 'vitest';
import { createError, type JwtGuardError } from '../src/errors/jwt-guard-error.js';
import { throwingStep } from '../src/throwing-step.js';

type Next = () => Promise<string>;

class FrameworkException extends Error {
  constructor(
    readonly answer: { status: number; headers: Record<string, string>; body: string },
    override readonly cause: JwtGuardError,
  ) {
    super(answer.body);
  }
}

const refuse = (answer: FrameworkException['answer'], error: JwtGuardError) =>
  new FrameworkException(answer, error);
const step = throwingStep<object, Next>(refuse);
const next: Next = () => Promise.resolve('next');

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('nothing was thrown');
}

describe('throwingStep', () => {
  it('goes on in the same tick when the step returns at once', () => {
    let went = false;
    const middleware = step(() => undefined);
    const result = middleware({}, () => {
      went = true;
      return Promise.resolve('next');
    });
    expect(went).toBe(true);
    return expect(result).resolves.toBe('next');
  });

  it('goes on once a promise of the step resolves', async () => {
    await expect(step(() => Promise.resolve())({}, next)).resolves.toBe('next');
  });

  it("throws a refusal as the framework's exception, with its prepared answer and no stack", () => {
    const error = createError('ERR_NO_TOKEN');
    const thrown = thrownBy(() =>
      step(() => {
        throw error;
      })({}, next),
    ) as FrameworkException;
    expect(thrown).toBeInstanceOf(FrameworkException);
    expect(thrown.cause).toBe(error);
    expect(thrown.answer.status).toBe(401);
    expect(thrown.answer.headers['WWW-Authenticate']).toBe('Bearer realm="api"');
    expect(thrown.stack?.split('\n').length).toBe(1);
  });

  it('rejects with the exception when the promise of the step rejects, keeping a 503 stack', async () => {
    const error = createError('ERR_KEYS_UNAVAILABLE');
    const rejected = await step(() => Promise.reject(error))({}, next).catch((e: unknown) => e);
    expect(rejected).toBeInstanceOf(FrameworkException);
    expect((rejected as FrameworkException).answer.status).toBe(503);
    expect((rejected as FrameworkException).stack?.split('\n').length).toBeGreaterThan(1);
  });

  it('throws any other error as it is, and a refusal as it is without `refuse`', async () => {
    const bug = new RangeError('bug');
    expect(
      thrownBy(() =>
        step(() => {
          throw bug;
        })({}, next),
      ),
    ).toBe(bug);
    await expect(step(() => Promise.reject(bug))({}, next)).rejects.toBe(bug);
    const error = createError('ERR_TOKEN_EXPIRED');
    const plain = throwingStep<object, Next>();
    expect(
      thrownBy(() =>
        plain(() => {
          throw error;
        })({}, next),
      ),
    ).toBe(error);
  });

  it('gives the stack limit back when making the exception throws', () => {
    const before = Error.stackTraceLimit;
    const broken = throwingStep<object, Next>(() => {
      throw new TypeError('cannot make the exception');
    });
    const thrown = thrownBy(() =>
      broken(() => {
        throw createError('ERR_TOKEN_EXPIRED');
      })({}, next),
    );
    expect(thrown).toBeInstanceOf(TypeError);
    expect(Error.stackTraceLimit).toBe(before);
    expect(new Error('later').stack?.split('\n').length).toBeGreaterThan(1);
  });
});
