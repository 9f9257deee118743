/** Rounding to whole minutes: a countdown in seconds would promise a precision the estimate does not have. */
export function formatEta(ms: number | null): string | null {
  if (ms === null) return null;
  if (ms < 15_000) return 'Almost done.';
  if (ms < 90_000) return 'About a minute left.';
  return `About ${Math.round(ms / 60_000)} minutes left.`;
}
