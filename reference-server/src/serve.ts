import { serveConfigFromEnv } from './config';
import { startReferenceServer, targetEnv } from './index';

/**
 * Serves the reference server on loopback with the settings of `env` (PORT and the REFERENCE_* variables of
 * serveConfigFromEnv): prints the TARGET_* lines that point a client at it, then `ready`, and runs until SIGINT
 * or SIGTERM. Resolves with the exit code: 0 once closed, 2 for a bad setting (one line, naming it as `nameOf`
 * says), 1 when it cannot start.
 */
export async function serve(
  env: Readonly<Record<string, string | undefined>>,
  program: string,
  nameOf: (variable: string) => string = (variable) => variable,
): Promise<number> {
  const config = serveConfigFromEnv(env);
  if (!config.ok) {
    console.error(`${program}: ${nameOf(config.variable)}: ${config.problem}`);
    return 2;
  }
  const server = await startReferenceServer({ ...config.options, host: '127.0.0.1' }).catch((e: unknown) =>
    e instanceof Error ? e : new Error(String(e)),
  );
  if (server instanceof Error) {
    console.error(`${program}: ${server.message}`);
    return 1;
  }
  for (const [name, value] of Object.entries(targetEnv(server))) console.log(`${name}=${value}`);
  console.log('ready');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await server.close();
  return 0;
}
