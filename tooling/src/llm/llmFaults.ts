/** What can go wrong with a call, as a real OpenAI endpoint shows it. */
export type LlmFaultKind = 'rate_limit' | 'server_error' | 'hang' | 'invalid_output' | 'unsafe_text';

/**
 * Fault injection. Rates are fractions of calls (0–1), drawn from the server's seeded sequence in
 * arrival order; `failAll` makes every call fail the same way (a provider outage).
 */
export interface LlmFaults {
  /** Answered 429 with `retry-after`. */
  rateLimitRate?: number;
  /** Answered 500. */
  serverErrorRate?: number;
  /** Never answered: the request stays open until the client gives up or the server closes. */
  hangRate?: number;
  /** Answered 200 with JSON that misses a slide, so the caller's validation must catch it. */
  invalidOutputRate?: number;
  /**
   * Answered 200 with valid JSON whose text holds what Postgres cannot store: a `\u0000` and a
   * lone surrogate (`\ud800`), as models now and then emit. Only through `failAll` or `sequence`.
   */
  failAll?: LlmFaultKind | null;
  /** What the next calls after these faults are set do, in order (`null`: answer normally); later calls follow the rates. */
  sequence?: readonly (LlmFaultKind | null)[];
  /** `retry-after` on 429s, in seconds (fractions allowed; `retry-after-ms` carries the exact value). Default 1. */
  retryAfterSeconds?: number;
}

/** The fault for the `callNumber`-th call (0-based) since `faults` were set, or null for a normal answer. */
export function pickFault(faults: LlmFaults, callNumber: number, random: () => number): LlmFaultKind | null {
  if (faults.failAll) return faults.failAll;
  if (faults.sequence && callNumber < faults.sequence.length) return faults.sequence[callNumber] ?? null;
  const draw = random();
  let threshold = 0;
  const kinds: [LlmFaultKind, number | undefined][] = [
    ['rate_limit', faults.rateLimitRate],
    ['server_error', faults.serverErrorRate],
    ['hang', faults.hangRate],
    ['invalid_output', faults.invalidOutputRate],
  ];
  for (const [kind, rate] of kinds) {
    threshold += Math.max(0, rate ?? 0);
    if (draw < threshold) return kind;
  }
  return null;
}
