import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// main/shell is the Electron entry; the engine it imports is bundled with it, native and large
// dependencies (DuckDB, keytar, Azure SDKs) stay external and ship in node_modules.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: true,
      rollupOptions: {
        // Worker threads the runtime starts are entry points of their own, built beside index.js:
        // the pools locate them as new URL('./<name>.js', import.meta.url), so every chunk stays
        // in out/main too (e2e/build-output.test.ts checks the output holds each of them).
        input: {
          index: resolve(import.meta.dirname, 'main/shell/index.ts'),
          'forecast-worker': resolve(import.meta.dirname, 'workers/forecast-worker.ts'),
          'spool-worker': resolve(import.meta.dirname, 'main/sources/alpaca/spool-worker.ts'),
        },
        output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve(import.meta.dirname, 'main/shell/preload.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(import.meta.dirname, 'renderer'),
    base: './',
    plugins: [react()],
    build: {
      outDir: resolve(import.meta.dirname, 'out/renderer'),
      minify: true,
      // A desktop app loads its bundle from disk: one ~1 MB chunk (React, ECharts core, zod) is fine.
      chunkSizeWarningLimit: 1200,
      rollupOptions: { input: resolve(import.meta.dirname, 'renderer/index.html') },
    },
  },
});
