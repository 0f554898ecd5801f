import { defineConfig } from 'vite';

// Static files in dist/, loadable from any path (relative asset URLs), with Preact's JSX.
export default defineConfig({
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { target: 'es2022', chunkSizeWarningLimit: 2048 },
});
