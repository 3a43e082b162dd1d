/** `distroready serve [--config FILE] [--shard i/N]` */
import { loadChecks } from '../checks/load-checks';
import { loadConfig, resolveConfigPath } from '../config/load-config';
import { startServer } from '../server';
import { openFleet } from '../targets/fleet';
import { createLogger } from '../telemetry/logger';
import { stopTracing } from '../telemetry/tracing';

export async function serveCommand(args: { config?: string; shard?: string }): Promise<number> {
  const logger = createLogger();
  const checks = loadChecks();
  const config = loadConfig(resolveConfigPath(args.config), process.env, checks);
  const fleet = await openFleet(config, { logger, shardFlag: args.shard });
  const running = await startServer(config, checks, logger, fleet);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: NodeJS.Signals): void => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGTERM', shutdown);
    process.once('SIGINT', shutdown);
  });
  await running.close();
  await stopTracing();
  logger.info('stopped');
  logger.flush();
  return 0;
}
