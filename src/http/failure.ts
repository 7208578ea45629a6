/** The failure of a check, where the HTTP layers and the tests import it from; defined with its kin in src/failures.ts. */
export { ConformanceFailure } from '../failures';
