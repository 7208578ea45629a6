import { CHOICE_ROWS, type ChoiceName } from '../modes/choices';
import { switchParser, type Switch, type SwitchSet } from './switches';

/*
 * The choices: named, legitimate alternatives to the reference server's default behaviour, any number of them
 * on at once. Each is one row of reference-server/modes/choices.ts.
 */

export type { ChoiceName };

export const CHOICES: readonly Switch[] = CHOICE_ROWS;

export type ChoiceSet = SwitchSet<ChoiceName>;

/** Throws an Error naming every unknown choice and listing the known ones. */
export const parseChoices = switchParser<ChoiceName>(CHOICE_ROWS, 'choice');

/** What `extra-fields` adds to every member representation. */
export const EXTRA_MEMBER_FIELDS: Readonly<Record<string, unknown>> = {
  provisioning_status: 'ACTIVE',
  backup: false,
  monitor_port: null,
};
