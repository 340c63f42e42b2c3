// Node entry point: `npm start`. Reads the environment once, builds the dependencies and
// serves the app. With no configuration at all it uses an embedded libSQL file in ./data.
import { createApp } from './app';
import { ConfigError, parseConfig } from './config';
import { domainContext } from './deps';
import { ensureInitialAdminKey } from './domain/api-keys';
import { recordPublicUrl } from './domain/public-url';
import { startRetentionTimer } from './jobs/retention';
import { buildNodeDeps } from './node/deps';
import { serveApp } from './node/serve';

async function main() {
  const config = parseConfig(process.env);
  const { deps, close, presendReader, deferred } = await buildNodeDeps(config);
  // Warm presend's reader thread now rather than on the first large campaign.
  presendReader?.start().catch((err) => {
    deps.logger.warn('presend reader thread did not start; large lists are answered on one thread', {
      error: err instanceof Error ? err.message : String(err),
    });
  });

  if (!config.adminApiKey) {
    const secret = await ensureInitialAdminKey(domainContext(deps));
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
  await recordPublicUrl(deps.db, config.publicUrl, deps.clock.now()).catch((err) =>
    deps.logger.warn('could not record the public URL for the command line', {
      error: err instanceof Error ? err.message : String(err),
    }),
  );
  const server = await serveApp(createApp(deps), { port: config.port, hostname: process.env.HOST });
  deps.logger.info('mailprefs listening', { url: server.url, publicUrl: config.publicUrl });

  const stopRetention = startRetentionTimer(deps);

  const stop = async () => {
    stopRetention();
    await server.close();
    // Mails still on their way after their answer leave before the database closes.
    await deferred.settled();
    close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
