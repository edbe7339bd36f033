import { defineConfig } from 'vitest/config';
import { TEST_PASSWORD_HASH_COST } from './test/context.ts';

/**
 * Tests that launch Chromium. They run in their own project with one file at a time: two browsers at once
 * on a 2-core machine starve each other (and the other tests) into timeouts. A new test file that
 * launches Chromium (captures, PDFs, console pages) belongs in this list.
 */
export const BROWSER_TESTS = [
  'test/e2e/**/*.test.ts',
  'src/browser/**/*.test.ts',
  'src/capture/capture.service.test.ts',
  'src/arrival/arrival.e2e.test.ts',
  'src/monthly/monthly.console.test.ts',
  'src/monthly/monthly.pdf.test.ts',
  'src/takedowns/takedowns.e2e.test.ts',
  'src/takedowns/desks.e2e.test.ts',
  'src/victim/victim.routes.test.ts',
  'src/victim/victim.pdf.test.ts',
];

const ALL_TESTS = [
  'src/**/*.test.ts',
  'src/**/*.test.tsx',
  'test/**/*.test.ts',
  'web/**/*.test.ts',
  'web/**/*.test.tsx',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Database tests create their own schemas/files, so files run in parallel.
    pool: 'forks',
    // For the phishdesk processes tests spawn (and CLI commands run in-process), which read process.env;
    // createTestContext sets the same for its own config.
    // Evidence on arrival off likewise: spawned servers with outbound on for loopback feeds must not visit
    // the names in their reports (src/arrival's tests turn it on).
    env: { PASSWORD_HASH_COST: TEST_PASSWORD_HASH_COST, ARRIVAL_EVIDENCE: 'off' },
    projects: [
      { extends: true, test: { name: 'unit', include: ALL_TESTS, exclude: BROWSER_TESTS } },
      { extends: true, test: { name: 'browser', include: BROWSER_TESTS, maxWorkers: 1 } },
    ],
  },
});
