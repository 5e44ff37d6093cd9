// Fallback for machines with internet access and no Go toolchain: runs the Temporal dev server that
// @temporalio/testing downloads and caches, until SIGINT or SIGTERM.
// usage: node scripts/dev-server-download.mjs <port> <ui-port> <db-file>
import { TestWorkflowEnvironment } from '@temporalio/testing';

const [port, uiPort, dbFilename] = process.argv.slice(2);
const env = await TestWorkflowEnvironment.createLocal({
  server: { ip: '127.0.0.1', port: Number(port), ui: true, uiPort: Number(uiPort), dbFilename },
});
console.log(`Temporal dev server (downloaded) on 127.0.0.1:${port}`);
const stop = async () => {
  await env.teardown();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
