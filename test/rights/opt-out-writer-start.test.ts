// The server starts one-click's writer thread when it starts, so a burst right after a restart
// is committed beside the main thread from its first opt-out, not on it while the thread loads.
import { afterEach, describe, expect, it } from 'vitest';
import { createOptOutWriter, type OptOutWriter } from '../../src/node/opt-outs/writer';
import { createTestEnv, type TestEnv } from '../support/harness';

let env: TestEnv;
let writer: OptOutWriter | undefined;

afterEach(async () => {
  await writer?.close();
  env.close();
});

describe("one-click's writer thread", () => {
  it('can be started before the first opt-out, and says when it is ready', async () => {
    env = await createTestEnv();
    writer = createOptOutWriter(env.dbPath, env.clock, env.deps.outbox);
    const started = writer.start();
    // Starting twice is the same thread.
    expect(writer.start()).toBe(started);
    await expect(started).resolves.toBeUndefined();
  }, 20_000);

  it('reports a thread that cannot open its database instead of leaving the start pending', async () => {
    env = await createTestEnv();
    writer = createOptOutWriter('/nonexistent-folder/nothing.db', env.clock, env.deps.outbox);
    await expect(writer.start()).rejects.toThrow();
  }, 20_000);
});
