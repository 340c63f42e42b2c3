// Node entry point: `npm start`. Reads the environment once, builds the dependencies and
// serves the app. With no configuration at all it uses an embedded libSQL file in ./data.
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inspect } from 'node:util';
import { createApp } from './app';
import { ConfigError, parseConfig } from './config';
import { embeddedPath } from './db/node';
import { domainContext } from './deps';
import { ensureInitialAdminKey } from './domain/api-keys';
import { recordPublicUrl } from './domain/public-url';
import { startRetentionTimer } from './jobs/retention';
import { startSignUpSweep } from './jobs/sign-ups';
import { buildNodeDeps, DEFAULT_DATABASE_URL } from './node/deps';
import { startThreadedDispatcher } from './node/dispatcher/threaded';
import { startEventDispatcher } from './node/event-dispatcher';
import { createRequestGauge } from './node/request-gauge';
import { serveApp } from './node/serve';
import { listenStartupError } from './node/startup-errors';

/** Starts the server from raw environment. A wrong setting rejects with a ConfigError. */
export async function main(env: Record<string, string | undefined> = process.env) {
  const config = parseConfig(env);
  const { deps, close, presendReader, deferred, encryptionKey } = await buildNodeDeps(config);
  // Warm presend's reader thread now rather than on the first large campaign.
  presendReader?.start().catch((err) => {
    deps.logger.warn('presend reader thread did not start; large lists are answered on one thread', {
      error: err instanceof Error ? err.message : String(err),
    });
  });

  if (!config.adminApiKey) {
    const secret = await ensureInitialAdminKey({ ctx: domainContext(deps) });
    if (secret) {
      console.log(
        [
          '',
          'An admin API key was created for this database. It is shown this once; only its hash is stored:',
          '',
          `    ${secret}`,
          '',
          'Use it as "Authorization: Bearer <key>". Lost it? Set ADMIN_API_KEY, or run `npm run cli -- keys create --name admin --scope admin`.',
          '',
        ].join('\n'),
      );
    }
  }

  // For the command line, which builds links to this server without its PORT or PUBLIC_URL;
  // written before listening, so it is there once the server answers.
  await recordPublicUrl({ ctx: domainContext(deps), input: { url: config.publicUrl } }).catch((err) =>
    deps.logger.warn('could not record the public URL for the command line', {
      error: err instanceof Error ? err.message : String(err),
    }),
  );
  // The dispatcher lets a burst of requests go first (src/node/event-dispatcher.ts).
  const gauge = createRequestGauge();
  const server = await serveApp(createApp(deps), { port: config.port, hostname: config.host, gauge }).catch(
    (err) => {
      close();
      throw listenStartupError(err, { port: config.port, host: config.host }) ?? err;
    },
  );
  deps.logger.info('mailprefs listening', { url: server.url, publicUrl: config.publicUrl });

  const stopRetention = startRetentionTimer(deps);
  // Confirmation mails of sign-ups a crash left behind (and, every minute, any others).
  const stopSignUpSweep = startSignUpSweep(deps);
  // Delivers outbound events (webhooks): woken by every commit that records one. On an embedded
  // file in a thread of its own, whose waits for the write lock and the disk would otherwise
  // hold up requests (node/dispatcher/threaded.ts); a remote database is waited for without that.
  const url = config.databaseUrl ?? DEFAULT_DATABASE_URL;
  const dispatcher = embeddedPath(url)
    ? startThreadedDispatcher(deps, {
        url,
        authToken: config.databaseAuthToken,
        encryptionKey,
        yieldTo: gauge,
      })
    : startEventDispatcher(deps, { yieldTo: gauge });

  return {
    url: server.url,
    async stop() {
      stopRetention();
      stopSignUpSweep();
      await server.close();
      await dispatcher.stop();
      // Mails still on their way after their answer (and a running sweep) finish before the
      // database closes.
      await deferred.settled();
      close();
    },
  };
}

/** What a failed start prints: a wrong setting in words (ConfigError), a bug with its stack. */
export function startupFailureText(err: unknown): string {
  return err instanceof ConfigError ? err.message : inspect(err);
}

// Run when started as a program; imported (by the tests), it only exports main. Real paths on
// both sides, so a symlinked checkout starts too.
if (process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url))) {
  main().then(
    (server) => {
      const stop = () => void server.stop().then(() => process.exit(0));
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (err) => {
      console.error(startupFailureText(err));
      process.exit(1);
    },
  );
}
