/** Where the worker reports what it does. Structured fields, so hosted logs can be filtered by job. */
export interface WorkerLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** One JSON line per event on the console: what Supabase's function logs show and search. */
export const consoleLogger: WorkerLogger = {
  info: (message, fields) => console.log(line('info', message, fields)),
  warn: (message, fields) => console.warn(line('warn', message, fields)),
  error: (message, fields) => console.error(line('error', message, fields)),
};

export const silentLogger: WorkerLogger = { info() {}, warn() {}, error() {} };

function line(level: string, message: string, fields?: Record<string, unknown>): string {
  return JSON.stringify({ level, msg: message, ...fields });
}
