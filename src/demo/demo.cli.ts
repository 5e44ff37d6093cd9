import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { signToken } from '../identity/jwt.js';
import { DemoLoadError, formatSummary, loadDemo } from './demo-loader.js';

/**
 * `npm run demo`: loads the demo scenario into the running system (`npm start`) through its API.
 * The base URL is DEMO_URL (default http://127.0.0.1:3000); tokens are signed with JWT_SECRET, or
 * with the secret that `npm start` generated into DATA_DIR, as `npm run token` does.
 */
const baseUrl = (process.env.DEMO_URL?.trim() || 'http://127.0.0.1:3000').replace(/\/+$/, '');

function secret(): string {
  const fromEnv = process.env.JWT_SECRET?.trim();
  if (fromEnv) return fromEnv;
  const file = join(resolve(process.env.DATA_DIR ?? './data'), 'jwt-secret');
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    console.error(`no JWT_SECRET set and no ${file}; start the system once with npm start, or set JWT_SECRET`);
    process.exit(2);
  }
}

const key = secret();
try {
  const health = await fetch(`${baseUrl}/health`);
  if (!health.ok) console.error(`warning: ${baseUrl}/health answers ${health.status}; loading anyway`);
} catch (error) {
  console.error(`the system does not answer at ${baseUrl} (${(error as Error).message}); start it with npm start, or set DEMO_URL`);
  process.exit(1);
}
try {
  const summary = await loadDemo({
    baseUrl,
    tokenFor: (user) => signToken({ sub: user.sub, name: user.name['zh-CN'], roles: [user.role], institutionId: user.institutionId }, key, 600),
    log: (line) => console.error(`  ${line}`),
  });
  console.log(formatSummary(summary, baseUrl));
} catch (error) {
  if (error instanceof DemoLoadError) {
    console.error(`the demo load stopped at "${error.step}": HTTP ${error.status}`);
    console.error(typeof error.body === 'string' ? error.body : JSON.stringify(error.body, null, 2));
    if (error.status === 401) console.error('the token was refused: is JWT_SECRET (or DATA_DIR) the one the running system uses?');
    process.exit(1);
  }
  throw error;
}
