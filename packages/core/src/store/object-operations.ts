/**
 * What jwt-guard's Durable Object classes share: operations applied one at a time, and a
 * posted body read as one operation or answered 400.
 */

/**
 * A runner that starts each piece of work once the previous one has settled. On top of the
 * runtime's input gates (which keep other requests out only while storage is awaited), it
 * keeps a read-then-write free of anything in between. A failure rejects for its caller only.
 *
 * @example
 * ```ts
 * const serially = serialRunner();
 * const version = await serially(() => bumpVersion(storage));
 * ```
 */
export function serialRunner(): <T>(work: () => Promise<T>) => Promise<T> {
  let queue: Promise<unknown> = Promise.resolve();
  return (work) => {
    const run = queue.then(work);
    queue = run.catch(() => undefined);
    return run;
  };
}

/**
 * Reads `request`'s JSON body with `read` (which throws on anything but an operation) and
 * answers `apply`'s result as JSON, or 400 for a body that is not an operation.
 *
 * @example
 * ```ts
 * return answerPosted(request, readOperation, (operation) => serially(() => apply(operation)));
 * ```
 */
export async function answerPosted<Operation>(
  request: Request,
  read: (body: unknown) => Operation,
  apply: (operation: Operation) => Promise<unknown>,
): Promise<Response> {
  let operation: Operation;
  try {
    operation = read(await request.json());
  } catch {
    return new Response(null, { status: 400 });
  }
  return Response.json(await apply(operation));
}
