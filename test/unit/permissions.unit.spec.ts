import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PERMISSIONS, permissionsTable } from '../../src/identity/permissions.js';
import { ROLES } from '../../src/identity/roles.js';

describe('permission matrix', () => {
  it('names only known roles, and every operation has at least one', () => {
    for (const [operation, { roles }] of Object.entries(PERMISSIONS)) {
      expect([operation, roles.length > 0]).toEqual([operation, true]);
      for (const role of roles) expect(ROLES).toContain(role);
    }
  });

  it('is the table the README shows (regenerate with npm run permissions:table)', () => {
    const readme = readFileSync(resolve(import.meta.dirname, '../../README.md'), 'utf8');
    const shown = /<!-- permissions:start -->\n([\s\S]*?)\n<!-- permissions:end -->/.exec(readme)?.[1];
    expect(shown).toBe(permissionsTable(ROLES));
  });
});
