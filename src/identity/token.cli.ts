import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { signToken } from './jwt.js';
import { ROLES, type Role } from './roles.js';

/**
 * Development token tool: `npm run token -- --role institution --institution inst-1`.
 * Signs with JWT_SECRET, or with the secret that `npm start` generated into DATA_DIR.
 * The token is the last line of output.
 */
const USAGE = 'usage: npm run token -- --role <institution|expert|secretariat|auditor|admin> [--sub <id>] [--name <name>] [--institution <id>] [--expires-in <30m|8h|7d|3600>]';

function fail(message: string): never {
  console.error(`${message}\n${USAGE}`);
  process.exit(2);
}

function seconds(text: string): number {
  const match = /^(\d+)([smhd]?)$/.exec(text);
  if (!match) fail(`--expires-in "${text}" is not a duration`);
  const unit = { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[match[2] as '' | 's' | 'm' | 'h' | 'd'];
  return Number(match[1]) * unit;
}

let values;
try {
  ({ values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      sub: { type: 'string' },
      name: { type: 'string' },
      institution: { type: 'string' },
      'expires-in': { type: 'string', default: '8h' },
    },
  }));
} catch (error) {
  fail((error as Error).message);
}
const roles = values.role ?? [];
if (roles.length === 0) fail('--role is required');
for (const role of roles) if (!(ROLES as readonly string[]).includes(role)) fail(`unknown role "${role}"`);

const secret = process.env.JWT_SECRET?.trim() || readSecretFile();
function readSecretFile(): string {
  const file = join(resolve(process.env.DATA_DIR ?? './data'), 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    fail(`no JWT_SECRET set and no ${file}; start the system once with npm start, or set JWT_SECRET`);
  }
}

const sub = values.sub ?? `dev-${roles[0]}`;
console.error(`token for ${sub} (${roles.join(', ')}${values.institution ? `, institution ${values.institution}` : ''}), valid ${values['expires-in']}:`);
console.log(signToken({ sub, name: values.name, roles: roles as Role[], institutionId: values.institution }, secret, seconds(values['expires-in']!)));
