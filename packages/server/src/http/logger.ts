/** Where the handlers report causes they do not show to the caller. Defaults to `console`. */
export interface TalkTrackLogger {
  warn(message: string, details?: unknown): void;
  error(message: string, details?: unknown): void;
}

export const consoleLogger: TalkTrackLogger = {
  warn: (message, details) => console.warn(`[talk-track] ${message}`, details ?? ''),
  error: (message, details) => console.error(`[talk-track] ${message}`, details ?? ''),
};
