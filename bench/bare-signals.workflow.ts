import { condition, defineSignal, setHandler } from '@temporalio/workflow';

/**
 * The assessment benchmark's baseline: a workflow that does nothing but take `expected` signals and
 * end, on the same Temporal server as the engine's workflows. Kept out of workflows/ so that it never
 * ships in the engine's bundle.
 */
export const benchSignal = defineSignal<[number]>('benchSignal');

export async function bareSignalsWorkflow(expected: number): Promise<number> {
  let received = 0;
  setHandler(benchSignal, () => {
    received += 1;
  });
  await condition(() => received >= expected);
  return received;
}
