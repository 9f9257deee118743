/**
 * Where the route handlers and the worker report what they do and the causes they do not show to
 * callers. Structured fields, so hosted logs (Vercel's, Supabase's function logs) can be filtered by
 * job. Default `consoleLogger`.
 */
export interface TalkTrackLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One JSON line per event on the console: what Vercel's and Supabase's logs show and search. */
export const consoleLogger: TalkTrackLogger = {
  info: (message, fields) => console.log(line('info', message, fields)),
  warn: (message, fields) => console.warn(line('warn', message, fields)),
  error: (message, fields) => console.error(line('error', message, fields)),
};

export const silentLogger: TalkTrackLogger = { info() {}, warn() {}, error() {} };

function line(level: string, message: string, fields?: Record<string, unknown>): string {
  // An Error's own properties are not enumerable: spelled out, or the cause of a 503 would log as `{}`.
  return JSON.stringify({ level, msg: `[talk-track] ${message}`, ...fields }, (_key, value: unknown) =>
    value instanceof Error
      ? { name: value.name, message: value.message, stack: value.stack, cause: value.cause }
      : value,
  );
}
