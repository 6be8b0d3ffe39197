// `npm run bench [name…]`: builds bench/*.ts and runs them in turn (all when no name is given).
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
execFileSync(process.execPath, [join(here, '..', 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(here, 'vite.config.ts'), '--logLevel', 'warn'], { stdio: 'inherit' });
const wanted = process.argv.slice(2);
const all = readdirSync(join(here, 'out')).filter((f) => f.endsWith('.js')).map((f) => f.replace(/\.js$/, '')).sort();
for (const name of wanted.length ? wanted : all) {
  console.log(`\n== bench ${name} ==`);
  execFileSync(process.execPath, ['--expose-gc', join(here, 'out', `${name}.js`)], { stdio: 'inherit' });
}
