/** `lambdabox server`: runs until SIGTERM/SIGINT, then drains and exits cleanly. */
import { Lambdabox } from '../lambdabox.js';
import { createLogger } from '../observe/logger.js';
import { firstStartBanner } from './first-start-banner.js';
import { resolveServerOptions } from './server-options.js';
import { describeStoreLocation, parseStoreLocation } from '../store/store-location.js';
import type { RawServerFlags } from './server-options.js';

export async function runServer(flags: RawServerFlags, env: NodeJS.ProcessEnv): Promise<void> {
  const options = resolveServerOptions(flags, env);
  const logger = createLogger({ level: options.logLevel });
  const store = parseStoreLocation(options.store);
  const box = new Lambdabox({
    host: options.host,
    port: options.port,
    dataDir: options.dataDir,
    region: options.region,
    logger,
    writeCredentialsFile: options.writeCredentialsFile,
    sandboxBackend: options.sandboxBackend,
    egressAllowPrivate: options.egressAllowPrivate,
    listenerLimits: { connectionsPerEnvironment: options.connectionsPerEnvironment },
    store,
    ...(options.blobDir === undefined ? {} : { blobDir: options.blobDir }),
    ...(options.trailDir === undefined ? {} : { trailDir: options.trailDir }),
    ...(options.metricsToken === undefined ? {} : { metricsToken: options.metricsToken }),
    ...(options.otlpEndpoint === undefined ? {} : { otlpEndpoint: options.otlpEndpoint }),
    ...(options.advertiseUrl === undefined ? {} : { advertiseUrl: options.advertiseUrl.replace(/\/$/, '') }),
    ...(options.nodeLeaseMs === undefined ? {} : { nodeLeaseMs: options.nodeLeaseMs }),
    masterKey: env['LAMBDABOX_MASTER_KEY'],
    adminAccessKeyId: env['LAMBDABOX_ADMIN_ACCESS_KEY_ID'],
    adminSecretAccessKey: env['LAMBDABOX_ADMIN_SECRET_ACCESS_KEY'],
  });
  await box.start();
  const bootstrap = box.bootstrap;
  if (bootstrap?.created === true) process.stdout.write(firstStartBanner(bootstrap, box.url, options.region) + '\n');
  logger.info({ url: box.url, dataDir: options.dataDir, region: options.region, store: describeStoreLocation(store) }, `lambdabox listening on ${box.url}`);
  process.stdout.write(`lambdabox listening on ${box.url}\n`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting now');
      box.destroy();
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'draining');
    box.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
