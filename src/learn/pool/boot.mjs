// Worker entry: install tsx's loader in this thread (Node 20 does not apply `--import tsx`
// to a worker's own entry file), then run the TypeScript thread.
import { register } from 'tsx/esm/api';

register();
await import('./thread.ts');
