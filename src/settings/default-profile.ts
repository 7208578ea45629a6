/** The profile of a run that names none (TARGET_PROFILE unset), and the one the built-in reference server follows. */
export const DEFAULT_PROFILE = 'huawei';
