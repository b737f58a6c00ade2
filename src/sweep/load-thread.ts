/** The loader thread of the local pool (piscina): puts a configuration's split in shared memory. */
import { loadShared } from './shared-data.ts';

export default loadShared;
