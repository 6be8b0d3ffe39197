#!/usr/bin/env node
// The `kpat` command: the built CLI (run `npm run build` first).
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('../out/main/cli.js');
