import type { ChoiceSet } from '../choices';
import type { FaultSet } from '../faults';
import { appPlays } from './app';
import { queryPlays } from './query';
import { routingPlays } from './routing';
import { validationPlays } from './validation';
import { v2Plays } from './v2';
import { v2ListPlays } from './v2-list';
import { v3Plays } from './v3';

/*
 * The plays: how each fault and choice changes the reference server's behaviour, kept apart from the request
 * handling. The handlers (the files `npm run mutation` mutates) hold only the default behaviour: each computes
 * its default answer and hands it to a play named after what it decides, which gives it back unchanged unless
 * a switch is on. So every line of a handler runs in the default server, and every alternative lives here.
 */

export function playsFor(faults: FaultSet, choices: ChoiceSet) {
  const v2List = v2ListPlays(faults, choices);
  return {
    app: appPlays(faults, choices),
    query: queryPlays(faults, choices),
    routing: routingPlays(faults, choices),
    validation: validationPlays(faults, choices),
    v2: v2Plays(faults, choices, v2List),
    v2List,
    v3: v3Plays(faults, choices),
  };
}

export type Plays = ReturnType<typeof playsFor>;
