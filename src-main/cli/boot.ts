// out/main/cli.js (what bin/kpat.js loads): loads the CLI (cli-main.js) through the user's V8
// code cache, so a run does not parse and compile the CLI, the pool and the loader from scratch.
import { join } from 'node:path';
import { bootWithCodeCache } from '../../src-worker/boot/code-cache';

bootWithCodeCache(join(__dirname, 'cli-main.js'));
