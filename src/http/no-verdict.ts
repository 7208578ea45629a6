/** A check that could not be made, where the HTTP layers import it from; defined with its kin in src/failures.ts. */
export { NoVerdict } from '../failures';
