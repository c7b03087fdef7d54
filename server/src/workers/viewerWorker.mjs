// A viewer worker runs the server's TypeScript through tsx's loader, as bin/relayrtc-server.mjs does for the main thread.
import { register } from 'tsx/esm/api';

register();
await import('./viewerWorker.ts');
