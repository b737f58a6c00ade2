// Entry of a sweep thread run from the TypeScript sources (piscina loads it): install tsx's
// loader in this thread (Node 20 does not apply `--import tsx` to a worker's own entry file),
// then hand piscina the default export of the module named in workerData.entry. From a
// build (dist/), piscina loads the compiled module directly and this file is not used.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { default: handler } = await import(workerData.entry);
export default handler;
