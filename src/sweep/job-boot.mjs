// Job thread entry (piscina loads it): install tsx's loader in this thread (Node 20 does not
// apply `--import tsx` to a worker's own entry file), then hand piscina the TypeScript handler.
import { register } from 'tsx/esm/api';

register();
const { default: handler } = await import('./job-thread.ts');
export default handler;
