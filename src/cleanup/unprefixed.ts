import { ConformanceFailure } from '../http/failure';
import { journalAnswered, journalSent, type MemberApi } from './journal';

/**
 * Sends a create; when the member's name does not carry the run's prefix (a case about the name itself:
 * length, type, omitted), journals the create until its answer is read, so that a member stored by a create
 * interrupted on the wire is still found after the run, by its (address, port) and name.
 */
export async function sendCreate<T>(
  api: MemberApi,
  poolId: string,
  member: unknown,
  namePrefix: string,
  send: () => Promise<T>,
): Promise<T> {
  const body =
    typeof member === 'object' && member !== null ? (member as Record<string, unknown>) : undefined;
  const name = body?.name;
  const prefixed = typeof name === 'string' && name.startsWith(namePrefix);
  // Without an address there is nothing to find it by; without a prefix (set-up readers) nothing is created.
  const ticket =
    body && !prefixed && namePrefix !== '' && 'address' in body
      ? journalSent({ api, poolId, address: body.address, port: body.protocol_port, name })
      : undefined;
  let answered = false;
  try {
    const result = await send();
    answered = true;
    return result;
  } catch (error) {
    // A verdict on the answer: the answer was read. Anything else (aborted, disposed) leaves it open.
    answered = error instanceof ConformanceFailure;
    throw error;
  } finally {
    if (ticket !== undefined && answered) journalAnswered(ticket);
  }
}
