// Jest runs in ESM mode (NestJS 12 ships as ES modules only): `node --experimental-vm-modules`,
// ts-jest with useESM. Three projects, one per kind of test, split by file suffix.
const project = (displayName, suffix, testTimeout) => ({
  displayName,
  testMatch: [`<rootDir>/test/**/*.${suffix}.spec.ts`],
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testTimeout,
});

export default {
  projects: [project('unit', 'unit', 10_000), project('int', 'int', 120_000), project('e2e', 'e2e', 180_000)],
};
