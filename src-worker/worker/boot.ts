// out/main/worker.js: loads the worker (worker-main.js) through the user's V8 code cache, so a
// new worker does not parse and compile the search code and the exporter from scratch.
import { join } from 'node:path';
import { bootWithCodeCache } from '../boot/code-cache';

bootWithCodeCache(join(__dirname, 'worker-main.js'));
