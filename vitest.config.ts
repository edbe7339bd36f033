import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'src/**/*.test.tsx',
      'test/**/*.test.ts',
      'web/**/*.test.ts',
      'web/**/*.test.tsx',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database tests create their own schemas/files; running files in parallel on 2 cores is fine.
    pool: 'forks',
  },
});
