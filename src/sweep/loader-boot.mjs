// Loader thread entry (piscina loads it): install tsx's loader in this thread, then hand
// piscina the TypeScript function that loads a split into shared memory.
import { register } from 'tsx/esm/api';

register();
const { loadShared } = await import('./shared-data.ts');
export default loadShared;
