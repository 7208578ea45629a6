/**
 * The rules every v3 listing answer is held to, whoever reads it: the suite's reads (src/v3/members.ts) and the
 * validating proxy (src/proxy/judge.ts) call this one list.
 */
import { listedProject } from './ownership';
import { ipVersion } from './v3-listing';
import { ipMemberAddress } from './v3-members';
import type { Finding } from './violation';

type ListingRule = (members: readonly Record<string, unknown>[], projectId: string) => Finding[];

/** V3-IP-VERSION, V3-LISTED-PROJECT and V3-IP-MEMBER-IPV4: the rules every listing answer is held to. */
export const EVERY_LISTING: readonly ListingRule[] = [ipVersion, listedProject, ipMemberAddress];

/** The findings of every rule of EVERY_LISTING on the members of one listing answer. */
export function everyListing(members: readonly Record<string, unknown>[], projectId: string): Finding[] {
  return EVERY_LISTING.flatMap((rule) => rule(members, projectId));
}
