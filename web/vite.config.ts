import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The analysts' console. Served by the API server under /console/ from web/dist.
export default defineConfig({
  root: path.resolve(import.meta.dirname),
  base: '/console/',
  plugins: [react()],
  build: { outDir: path.resolve(import.meta.dirname, 'dist'), emptyOutDir: true, sourcemap: true },
});
