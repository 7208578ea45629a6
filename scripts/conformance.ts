/**
 * npm run conformance [-- playwright args]: checks the configuration, then runs the conformance suite.
 * Exit code: 0 the target conforms, 1 it does not (or the run broke or was interrupted), 2 a configuration error.
 */
import { runSuite } from '../src/runner/run';

void runSuite({ env: process.env, args: process.argv.slice(2), program: 'conformance' }).then((code) =>
  process.exit(code),
);
