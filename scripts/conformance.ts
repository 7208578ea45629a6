/**
 * npm run conformance [-- playwright args]: checks the configuration, then runs the conformance suite.
 * Exit code: 0 the target conforms, 1 it does not (or the run broke), 2 a configuration error.
 */
import { runSuite } from '../src/runner/run';

process.exit(runSuite({ env: process.env, args: process.argv.slice(2), program: 'conformance' }));
