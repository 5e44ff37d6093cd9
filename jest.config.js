// Jest runs in ESM mode (NestJS 12 ships as ES modules only): `node --experimental-vm-modules`,
// ts-jest with useESM. Four projects, one per kind of test, split by file suffix (browser: the web
// console in Chromium, test/browser/).
const project = (displayName, suffix, slow) => ({
  displayName,
  testMatch: [`<rootDir>/test/**/*.${suffix}.spec.ts`],
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  ...(slow ? { setupFilesAfterEnv: ['<rootDir>/test/support/timeouts.ts'] } : {}),
});

export default {
  projects: [project('unit', 'unit', false), project('int', 'int', true), project('e2e', 'e2e', true), project('browser', 'browser', true)],
};
