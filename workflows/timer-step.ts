/**
 * Runs the step a timer takes (an activity that sends a command); false when the rules refused it
 * because another step got there first. The refusal changes nothing: the event of whatever happened
 * instead arrives through the bridge, and the workflow decides nothing by itself.
 */
export async function attemptTimerStep(step: () => Promise<void>): Promise<boolean> {
  try {
    await step();
    return true;
  } catch {
    return false;
  }
}
