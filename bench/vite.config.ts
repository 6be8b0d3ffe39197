import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// Every bench/*.ts (but this file and tests) becomes bench/out/<name>.js, runnable with plain node.
// Benchmarks print figures; they never assert timings (machines here are shared and noisy).
const benchDir = __dirname;
const entries = Object.fromEntries(
  readdirSync(benchDir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && f !== 'vite.config.ts')
    .map((f) => [f.replace(/\.ts$/, ''), resolve(benchDir, f)]),
);
// exceljs is bundled, with the same CRC-32 shim as the app (electron.vite.config.ts), so the
// export benches run the code the workers run.
const external = [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'yaml', 'comlink', 'ws'];

export default defineConfig({
  resolve: {
    alias: [
      { find: 'crc-32', replacement: resolve(benchDir, '../src-worker/export/zlib-crc32.ts') },
      // No Electron binary here: the desktop bench runs the app's utility transport on a Node stand-in.
      { find: /^electron$/, replacement: resolve(benchDir, 'lib/electron-standin.ts') },
    ],
  },
  build: {
    ssr: true,
    outDir: resolve(benchDir, 'out'),
    emptyOutDir: true,
    target: 'node20',
    rollupOptions: { input: entries, external, output: { format: 'cjs', entryFileNames: '[name].js' } },
  },
});
