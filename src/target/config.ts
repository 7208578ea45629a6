/** The target's settings and the configuration error, where they were first imported from (src/settings/). */
export { ConfigError } from '../settings/config-error';
export * from '../settings/target';
