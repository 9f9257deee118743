/** Polls a URL until it answers (any status) or the time runs out; the server is starting. */
export async function waitForHttp(url: string, timeoutMs: number, exited?: Promise<unknown>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let died = false;
  void exited?.then(() => {
    died = true;
  });
  while (Date.now() < deadline) {
    if (died) throw new Error(`The process serving ${url} exited while starting.`);
    try {
      await fetch(url, { redirect: 'manual', signal: AbortSignal.timeout(5_000) });
      return;
    } catch {
      // Not listening yet: a start-up poll has no event to await.
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms.`);
}
