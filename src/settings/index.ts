/**
 * Every setting of the suite, parsed in one place: the target (TARGET_*, target.ts), the suite's own behaviour
 * (CONFORMANCE_*, FC_*, suite.ts), the waivers of known deviations (CONFORMANCE_WAIVERS, waivers.ts), the HTTP
 * client's (CONFORMANCE_CONCURRENCY, CONFORMANCE_SETTLE_TIMEOUT, the secrets to scrub, client.ts), the default
 * profile, and the error that names a wrong one. Each is read when it is asked for, from the environment of the
 * process, which a run against several targets sets for each test (configurations.ts); the reference server's REFERENCE_*
 * settings are its own (reference-server/src/config.ts, src/runner/global-setup.ts).
 */
export { ConfigError } from './config-error';
export { DEFAULT_PROFILE } from './default-profile';
export * from './target';
export * from './suite';
export * from './waivers';
export {
  applyConfiguration,
  CONFIGURATIONS_VARIABLE,
  runConfigurations,
  type RunConfiguration,
} from './configurations';
export * from './client';
