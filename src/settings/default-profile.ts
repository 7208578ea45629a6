import { PROFILES } from '../target/profiles';

/**
 * The profile of a run that names none (TARGET_PROFILE unset), and the one the built-in reference server follows:
 * the profile file that says `default: true` (profiles/).
 */
export const DEFAULT_PROFILE: string = PROFILES[0]!;
