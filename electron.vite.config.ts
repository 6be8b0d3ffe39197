import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// One build produces every runnable piece:
//   out/main/index.js   Electron main process (window, menu, IPC, utilityProcess pool)
//   out/main/worker.js  search/export worker (utilityProcess in the app, child_process in CLI/tests)
//   out/main/cli.js     headless `kpat scripts`
//   (both load their *-main.js through the V8 code cache)
//   out/main/web.js     browser host: the same core served to a browser over 127.0.0.1
//   out/preload/index.js, out/renderer/*
export default defineConfig({
  main: {
    // The bundled zip writer's CRC-32 goes to Node's native one (see the shim).
    resolve: { alias: { 'crc-32': resolve(__dirname, 'src-worker/export/zlib-crc32.ts') } },
    build: {
      outDir: 'out/main',
      // exceljs is bundled: loading it from its ~200 files cost a worker ~0.65 s of CPU
      // (module resolution + compile) before its first export; bundled, ~0.3 s.
      externalizeDeps: { exclude: ['exceljs'] },
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src-main/electron/main.ts'),
          // worker.js and cli.js only install the V8 code cache (src-worker/boot/code-cache.ts)
          // and then load worker-main.js / cli-main.js through it.
          worker: resolve(__dirname, 'src-worker/worker/boot.ts'),
          'worker-main': resolve(__dirname, 'src-worker/worker/entry.ts'),
          cli: resolve(__dirname, 'src-main/cli/boot.ts'),
          'cli-main': resolve(__dirname, 'src-main/cli/main.ts'),
          web: resolve(__dirname, 'src-main/web/main.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-main/electron/preload.ts') },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-renderer/index.html') },
      },
    },
  },
});
