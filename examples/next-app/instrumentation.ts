import { assertLocalIdentityAllowed } from './lib/localUser';

/** Runs once when the server starts: the example's open identity must not start in production by accident. */
export function register() {
  try {
    assertLocalIdentityAllowed();
  } catch (error) {
    // Thrown from here, Next.js keeps listening and answers every request with a 500: stop instead.
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
