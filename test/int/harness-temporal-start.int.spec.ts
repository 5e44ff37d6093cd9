import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ManagedProcess, startTemporal } from '../../bench/system.js';

/**
 * The harness (fault run, benchmarks) starts the Temporal dev server again when it exits while
 * starting: the dev server draws some of its ports at random, and loses one now and then to
 * another process. Real child processes stand in for the server: one that always exits, one that
 * exits on its first start only and then listens.
 */
describe('starting the Temporal dev server from the harness', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('starts it again after an early exit, and is ready once the port answers', async () => {
    // given a server that exits on its first start and listens on the second
    const dir = mkdtempSync(join(tmpdir(), 'harness-start-'));
    const port = await freePort();
    const script = `
      const fs = require('node:fs');
      const marker = ${JSON.stringify(join(dir, 'started-once'))};
      if (!fs.existsSync(marker)) { fs.writeFileSync(marker, ''); console.error('failed listening'); process.exit(1); }
      require('node:net').createServer().listen(${port}, '127.0.0.1');`;
    const server = new ManagedProcess('stand-in', process.execPath, ['-e', script], {}, /failed listening/);
    stops.push(async () => { await server.kill('SIGKILL'); rmSync(dir, { recursive: true, force: true }); });
    // when the harness starts it
    await startTemporal(server, port, 'the stand-in', 20_000);
    // then it was started twice and is running
    expect({ starts: server.starts, alive: server.alive }).toEqual({ starts: 2, alive: true });
  });

  it('gives up after three early exits, saying so', async () => {
    // given a server that always exits at once
    const port = await freePort();
    const server = new ManagedProcess('stand-in', process.execPath, ['-e', 'process.exit(1)'], {});
    // when the harness starts it, then it refuses after the third start
    await expect(startTemporal(server, port, 'the stand-in', 20_000)).rejects.toThrow('the stand-in exited while starting, 3 times');
    expect(server.starts).toBe(3);
  });
});
