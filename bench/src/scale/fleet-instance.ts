/**
 * One process of the scale phase's fleet: a verifier whose key cache is shared through one
 * Redis store, with a deny list on the Redis revocation feed (a local mirror). It answers its parent over IPC, one message per message: `verify` verifies
 * each token in turn and answers how many were accepted.
 */
import { createDenyList, createVerifier } from '@jwt-guard/core';
import { createRedisRevocationFeed, createRedisStore } from '@jwt-guard/redis';

/** What the parent passes as the one argument. */
export interface FleetInstanceSpec {
  readonly url: string;
  readonly prefix: string;
  readonly issuer: string;
  readonly audience: string;
}

/** The one message an instance understands. */
export interface VerifyRequest {
  readonly type: 'verify';
  readonly tokens: readonly string[];
}

const spec = JSON.parse(process.argv[2]!) as FleetInstanceSpec;
const store = createRedisStore({ url: spec.url, prefix: spec.prefix });
const feed = createRedisRevocationFeed({ url: spec.url, prefix: spec.prefix });
const denyList = createDenyList({ feed });
const verifier = createVerifier({
  issuer: spec.issuer,
  audience: spec.audience,
  store,
  isRevoked: denyList.isRevoked,
});

/** What an instance answers: tokens accepted, and refusals counted by code. */
export interface VerifyAnswer {
  readonly accepted: number;
  readonly refused: Record<string, number>;
}

// A refusal is counted, not thrown: on a loaded machine the deny list may fail closed
// (its heartbeat late past maxStalenessMs), and the parent reports how often.
async function verifyAll(tokens: readonly string[]): Promise<VerifyAnswer> {
  let accepted = 0;
  const refused: Record<string, number> = {};
  for (const token of tokens) {
    try {
      await verifier.verify(token);
      accepted += 1;
    } catch (error) {
      const code = (error as { code?: string }).code ?? String(error);
      refused[code] = (refused[code] ?? 0) + 1;
    }
  }
  return { accepted, refused };
}

process.on('message', async (message: VerifyRequest) => {
  process.send!(await verifyAll(message.tokens));
});
process.on('SIGTERM', async () => {
  denyList.close();
  await Promise.all([store.close(), feed.close()]);
  process.exit(0);
});
// Ready once the mirror's first full load is in (a check waits for it, within its bound).
for (;;) {
  try {
    await denyList.isRevoked({ iss: spec.issuer, jti: 'warm' });
    break;
  } catch {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
process.send!({ ready: true });
