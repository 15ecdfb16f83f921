import { defineConfig } from 'vite';

// Built into dist/web, which `spotify-intel serve` serves next to the API.
export default defineConfig({
  root: import.meta.dirname,
  build: { outDir: '../dist/web', emptyOutDir: true, chunkSizeWarningLimit: 2000 },
});
