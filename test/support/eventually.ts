/**
 * Polls `read` until `done` holds for its value, or the time runs out (then returns the last value,
 * for the test's own assertion to name what it saw). The bridge, the worker and the projections move
 * asynchronously; tests wait for them with this rather than with fixed sleeps.
 */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
}
