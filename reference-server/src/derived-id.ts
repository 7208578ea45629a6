import { createHash } from 'node:crypto';

/**
 * A stable UUID (version 5 form) named by a kind and a key: the ids of things the store does not model (a pool's
 * load balancer and listener, a member's cloud server). They show only in what a switch adds (the busy messages,
 * v3-all-member-fields, v3-instance-id-invented), so this is not among the files `npm run mutation` mutates.
 */
export function derivedId(kind: string, key: string): string {
  const hex = createHash('sha1').update(`${kind}:${key}`).digest('hex');
  const variant = ((parseInt(hex.slice(16, 17), 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
