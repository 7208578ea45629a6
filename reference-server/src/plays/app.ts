import type { IncomingMessage } from 'node:http';
import type { ChoiceSet } from '../choices';
import type { FaultSet } from '../faults';
import type { Api, Reply } from '../http';
import type { Noise } from '../noise';

/** How the faults and choices change the request pipeline's answers (app.ts). */
export function appPlays(f: FaultSet, c: ChoiceSet) {
  return {
    /**
     * The answer `handle` gives, unless the gateway refuses the request first (the rate-limit choice,
     * REFERENCE_RATE_LIMIT_FOREVER); gateway-401-plain words its 429 in plain text.
     */
    gateway: (
      handle: () => Promise<Reply>,
      noise: Noise,
      api: Api,
      req: IncomingMessage,
      method: string,
      token: string | undefined,
      body: Buffer,
    ): Promise<Reply> | Reply => {
      const refusal = noise.refusal({ method, target: req.url ?? '/', token, body });
      if (!refusal) return handle();
      const plain = refusal.status === 429 && c.has('gateway-401-plain');
      return {
        ...(plain ? { status: 429, text: 'Too Many Requests' } : api.error(refusal.status, refusal.message)),
        headers: { 'retry-after': refusal.retryAfter },
      };
    },
    /** The answer to a refused token: auth-403 answers 403, else gateway-401-plain a plain-text 401. */
    unauthorized: (reply: Reply, api: Api, why: string): Reply =>
      c.has('auth-403')
        ? api.error(403, why)
        : c.has('gateway-401-plain')
          ? { status: 401, text: 'Unauthorized' }
          : reply,
    /** The status of a body over the limit; body-limit-500 fails instead, as a body parser giving up. */
    tooLargeStatus: (status: number): number => {
      if (f.has('body-limit-500')) throw new Error('the body parser gave up');
      return c.has('body-limit-400') ? 400 : status;
    },
    /** The answer, held back for the latency choice's delay. */
    held: (reply: Reply, noise: Noise): Reply | Promise<Reply> => {
      const delay = noise.delayMs();
      return delay > 0 ? new Promise((resolve) => setTimeout(() => resolve(reply), delay)) : reply;
    },
    /** content-type-charset labels JSON answers `application/json; charset=UTF-8`. */
    charset: (reply: Reply): Reply =>
      c.has('content-type-charset') &&
      reply.body !== undefined &&
      reply.text === undefined &&
      reply.contentType === undefined
        ? { ...reply, contentType: 'application/json; charset=UTF-8' }
        : reply,
  };
}

export type AppPlays = ReturnType<typeof appPlays>;
