/**
 * What a test started, stopped in reverse order whatever happened: a failed or timed-out step
 * still leaves no process or temp folder behind. `signal` aborts commands still running.
 */
export class CleanupStack {
  readonly #steps: Array<() => Promise<unknown> | unknown> = [];
  readonly #abort = new AbortController();
  readonly signal = this.#abort.signal;

  defer(step: () => Promise<unknown> | unknown): void {
    this.#steps.push(step);
  }

  async run(): Promise<void> {
    this.#abort.abort();
    const errors: unknown[] = [];
    for (const step of this.#steps.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        errors.push(error);
      }
    }
    if (errors.length > 0) throw new AggregateError(errors, 'Some cleanup steps failed.');
  }
}
