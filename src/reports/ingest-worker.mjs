// Entry of the import writer thread: a worker starts without the parent's TypeScript loader.
import { register } from 'tsx/esm/api';

register();
await import('./ingest.worker.ts');
