/** How often an in-process condition is re-checked: cheap reads (LLM server stats, a process's output) in the same process. */
const CHECK_MS = 5;

/**
 * Resolves once `condition()` holds; for events that have no callback of their own (an LLM call
 * arriving, a line in a worker's output). Rejects with `what` after `timeoutMs`.
 */
export async function waitFor(what: string, condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, CHECK_MS));
  }
}

/** `waitFor` for a condition that needs a round trip (a query): checked again once each answer is in. */
export async function waitForAsync(what: string, condition: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, CHECK_MS));
  }
}
