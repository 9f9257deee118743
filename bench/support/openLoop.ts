/**
 * Fires `clients` callers, each once every `periodMs`, spread evenly over the period, for
 * `durationMs`: an open loop, so a slow answer does not slow the arrivals (as real clients on
 * their own timers would not). Resolves with every call's result once all have answered.
 */
export async function openLoop<T>(
  options: { clients: number; periodMs: number; durationMs: number },
  call: (client: number) => Promise<T>,
): Promise<T[]> {
  const step = options.periodMs / options.clients;
  const total = Math.floor((options.durationMs / options.periodMs) * options.clients);
  const calls: Promise<T>[] = [];
  const start = performance.now();
  while (calls.length < total) {
    const due = start + calls.length * step;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    // Everything that came due while we slept (timers are coarse) goes out now.
    while (calls.length < total && start + calls.length * step <= performance.now())
      calls.push(call(calls.length % options.clients));
  }
  return Promise.all(calls);
}
