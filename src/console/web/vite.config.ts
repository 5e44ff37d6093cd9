import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web console: built into dist/console (npm run build), served by the API at `/`
 * (src/console/serve-console.ts). JSX is compiled by Vite's own transformer (automatic runtime).
 * `npm run console:dev` serves it with hot reload and forwards /api to a running `npm start`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../../../dist/console', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    // No inline scripts or modulepreload polyfill: the console's CSP allows scripts from its origin only.
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});
