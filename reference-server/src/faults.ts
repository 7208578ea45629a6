import { FAULT_ROWS, type FaultName } from '../modes/faults';
import { switchParser, type Switch, type SwitchSet } from './switches';

/*
 * The fault modes: named, realistic bugs the reference server can be switched into, so that the suite can be
 * shown to catch them. Each is one row of reference-server/modes/faults.ts; each changes only the behaviour
 * it names.
 */

export type { FaultName };

export const FAULTS: readonly Switch[] = FAULT_ROWS;

export type FaultSet = SwitchSet<FaultName>;

/** Throws an Error naming every unknown fault and listing the known ones. */
export const parseFaults = switchParser<FaultName>(FAULT_ROWS, 'fault');
