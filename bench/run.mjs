// `npm run bench [name…] [options]`: builds bench/*.ts and runs them in turn (all when no name is
// given), each with the options given (bench-args.mjs).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchInvocation, BenchUsageError } from './lib/bench-args.mjs';

const here = dirname(fileURLToPath(import.meta.url));
execFileSync(process.execPath, [join(here, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(here, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit' });
const available = readdirSync(join(here, 'out')).filter((f) => f.endsWith('.js')).map((f) => f.replace(/\.js$/, '')).sort();
let invocation;
try {
  invocation = benchInvocation(process.argv.slice(2), process.env, available);
} catch (err) {
  if (!(err instanceof BenchUsageError)) throw err;
  console.error(`bench: ${err.message}`);
  process.exit(1);
}
for (const name of invocation.names) {
  console.log(`\n== bench ${name} ==`);
  execFileSync(process.execPath, ['--expose-gc', join(here, 'out', `${name}.js`), ...invocation.args], { stdio: 'inherit' });
}
