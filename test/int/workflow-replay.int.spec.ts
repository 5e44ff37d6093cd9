import { describe, expect, it } from '@jest/globals';
import proto from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORKFLOWS_PATH } from '../../src/temporal/worker-factory.js';

const FIXTURES = join(process.cwd(), 'test/fixtures/workflow-histories');

/**
 * Determinism guard. Each file in test/fixtures/workflow-histories is the recorded history of a
 * workflow run by an earlier version of the code (see the README there). Workflows live for years,
 * so today's code must replay every one of them without a nondeterminism error: a change to a
 * workflow's commands must be wrapped in patched() (or deprecatePatch() once no run needs the old
 * branch), never made in place.
 */
describe('recorded workflow histories replay on the current workflow code', () => {
  const files = readdirSync(FIXTURES).filter((name) => name.endsWith('.json')).sort();

  it('has histories of the long-lived workflows to replay', () => {
    expect(files.some((f) => f.startsWith('assessment-case.'))).toBe(true);
    expect(files.some((f) => f.startsWith('certificate.'))).toBe(true);
    expect(files.some((f) => f.startsWith('specification.'))).toBe(true);
  });

  it.each(files)('replays %s', async (file) => {
    // The JSON form that fetchHistory() gives. historyFromJSON() trips over the two protobufjs copies
    // npm installs here (type must be a Type), so the object is built with the SDK's own message class.
    const history = proto.temporal.api.history.v1.History.fromObject(JSON.parse(readFileSync(join(FIXTURES, file), 'utf8')));
    // runReplayHistory throws DeterminismViolationError (or the workflow's own failure) on a mismatch.
    await expect(Worker.runReplayHistory({ workflowsPath: WORKFLOWS_PATH, replayName: file }, history, file)).resolves.toBeUndefined();
  });
});
