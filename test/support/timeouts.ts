import { jest } from '@jest/globals';

// Integration and end-to-end tests start real servers; their limits are generous on a shared,
// two-core machine. (Jest ignores testTimeout in a project's own configuration.)
jest.setTimeout(Number(process.env.METROLOGY_TEST_TIMEOUT_MS ?? 240_000));
