import { serve } from './serve';

/** `npm run serve`: the reference server on loopback until SIGINT/SIGTERM (docs/reference-server.md). */
void serve(process.env, 'reference server').then((code) => process.exit(code));
