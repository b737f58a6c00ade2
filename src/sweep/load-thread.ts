/** The loader thread of the local pool (piscina): puts a configuration's split in shared memory. */
import { loadSharedOrProblem } from './shared-data.ts';

export default loadSharedOrProblem;
