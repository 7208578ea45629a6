import { serveConfigFromEnv } from './config';
import { startReferenceServer, targetEnv } from './index';

/** `npm run serve`: the reference server on loopback until SIGINT/SIGTERM (docs/readings.md §3). */
async function main(): Promise<void> {
  const config = serveConfigFromEnv(process.env);
  if (!config.ok) {
    console.error(`reference server: ${config.error}`);
    process.exit(2);
  }
  const server = await startReferenceServer({ ...config.options, host: '127.0.0.1' });
  for (const [name, value] of Object.entries(targetEnv(server))) console.log(`${name}=${value}`);
  console.log('ready');

  const stop = (): void => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`reference server: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
