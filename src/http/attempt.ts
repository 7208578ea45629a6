/**
 * The layer on the transport: one request sent once, timed and counted for the run's cost. A request whose
 * connection was reset before any answer is sent once more when sending it again changes nothing: a GET, and a
 * DELETE that went out on a kept-alive connection (the target closing an idle connection just as a request goes
 * out on it, which the target never read). A create is never sent twice. A request that got no answer has no
 * verdict.
 */
import type { Layer, OutgoingRequest, Reply } from './layer';
import { NoVerdict } from './no-verdict';
import { NoAnswer, type HttpTransport } from './transport';

const CONNECTION_RESET = /ECONNRESET|socket hang up/;

function sentAgainAfter(request: OutgoingRequest, error: unknown): boolean {
  if (!CONNECTION_RESET.test(String(error))) return false;
  if (request.method === 'GET') return true;
  return request.method === 'DELETE' && error instanceof NoAnswer && error.reusedConnection;
}

export class Attempts implements Layer {
  constructor(
    private readonly http: HttpTransport,
    /** Called once for every request that goes out, each resend included. */
    private readonly onRequest: (request: OutgoingRequest) => void = () => undefined,
  ) {}

  async send(request: OutgoingRequest): Promise<Reply> {
    try {
      return await this.once(request).catch((error: unknown) => {
        if (!sentAgainAfter(request, error)) throw error;
        return this.once(request);
      });
    } catch (error) {
      if (error instanceof NoVerdict) throw error;
      throw NoVerdict.unanswered(request.method, request.url, error);
    }
  }

  private async once(request: OutgoingRequest): Promise<Reply> {
    const startedAt = Date.now();
    this.onRequest(request);
    // Always bytes, so that a malformed body goes out exactly as the test wrote it.
    const body = request.body === undefined ? undefined : Buffer.from(request.body);
    const answer = await this.http.send(request.url, {
      method: request.method,
      headers: request.headers,
      body,
    });
    return {
      ...answer,
      text: answer.body.toString('utf8'),
      startedAt,
      durationMs: Date.now() - startedAt,
      retries: [],
    };
  }
}
