import type { ChoiceSet } from './choices';
import { poolsOf, subnetsOf, type ReferenceDefaults } from './defaults';
import type { FaultSet } from './faults';
import { parseCidr, type Cidr } from './ip';
import { playsFor, type Plays } from './plays';
import { MemberStore } from './plays/store';

/** Everything a route handler needs: one per running server. */
export interface ServerContext {
  readonly defaults: ReferenceDefaults;
  readonly store: MemberStore;
  /** subnet id -> CIDR */
  readonly subnets: ReadonlyMap<string, Cidr>;
  readonly faults: FaultSet;
  readonly choices: ChoiceSet;
  /** How the faults and choices change the handlers' answers. */
  readonly plays: Plays;
}

export function createContext(
  defaults: ReferenceDefaults,
  faults: FaultSet,
  choices: ChoiceSet,
): ServerContext {
  return {
    defaults,
    store: new MemberStore(poolsOf(defaults)),
    subnets: new Map(subnetsOf(defaults).map((s) => [s.id, parseCidr(s.cidr)])),
    faults,
    choices,
    plays: playsFor(faults, choices),
  };
}
