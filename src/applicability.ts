import type { Requirement } from './catalogue/requirements';
import type { TargetConfig } from './settings/target';

export interface SkipReason {
  /** not-applicable: the profile does not have the rule; skipped: the target's configuration cannot run it. */
  kind: 'not-applicable' | 'skipped';
  message: string;
}

function missingNeed(req: Requirement, target: TargetConfig): string | undefined {
  const v2 = req.id.startsWith('V2-');
  for (const need of req.needs) {
    if (need === 'write' && target.readOnly)
      return 'TARGET_READ_ONLY=1: this requirement needs to create members';
    if (need === 'other-pool' && !(v2 ? target.v2?.otherPoolId : target.v3?.otherPoolId)) {
      return `${v2 ? 'TARGET_V2_OTHER_POOL_ID' : 'TARGET_V3_OTHER_POOL_ID'} is not set`;
    }
    if (need === 'subnet-cidr' && !(v2 ? target.v2?.subnetCidr : target.v3?.subnetCidr)) {
      return `${v2 ? 'TARGET_V2_SUBNET_CIDR' : 'TARGET_V3_SUBNET_CIDR'} is not set: no address is known to lie outside the subnet`;
    }
    if (need === 'project-id' && !target.projectId) return 'TARGET_PROJECT_ID is not set';
    if (need === 'ipv6' && !target.v3?.subnet6)
      return 'TARGET_V3_SUBNET6_ID and TARGET_V3_ADDRESS6_CIDR are not set';
    if (need === 'v2-ipv6-subnet' && !target.v2?.subnet6Id) return 'TARGET_V2_SUBNET6_ID is not set';
    if (need === 'v3-udp-pool' && !target.v3?.udpPoolId) return 'TARGET_V3_UDP_POOL_ID is not set';
  }
  return undefined;
}

/** Why the requirements of a test cannot run against this target, or undefined when they can. */
export function skipReason(
  requirements: readonly Requirement[],
  target: TargetConfig,
): SkipReason | undefined {
  for (const req of requirements) {
    if (!req.profiles.includes(target.profile.name)) {
      return {
        kind: 'not-applicable',
        message: `${req.id} does not apply under the ${target.profile.name} profile`,
      };
    }
    const v2 = req.id.startsWith('V2-');
    if (v2 && !target.v2)
      return {
        kind: 'skipped',
        message: 'the v2.0 target is not configured (TARGET_V2_POOL_ID and friends)',
      };
    if (!v2 && !target.profile.v3Offered) {
      return { kind: 'not-applicable', message: `the ${target.profile.name} profile offers no v3 API` };
    }
    if (!v2 && !target.v3)
      return { kind: 'skipped', message: 'the v3 target is not configured (TARGET_V3_POOL_ID and friends)' };
    const missing = missingNeed(req, target);
    if (missing) return { kind: 'skipped', message: missing };
  }
  return undefined;
}
