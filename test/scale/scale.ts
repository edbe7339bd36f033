/**
 * The scale and crash tests run in `npm test` at sizes that keep every check but not the full load, and at
 * their full size under `npm run test:scale` (PHISHDESK_TEST_SCALE=full).
 */
export const FULL_SCALE = process.env.PHISHDESK_TEST_SCALE === 'full';
