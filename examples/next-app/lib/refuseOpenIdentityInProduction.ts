import { assertLocalIdentityAllowed } from './localUser';

/** Stops the server when the open identity may not run: thrown from `register`, Next.js keeps listening and answers every request with a 500. */
export function refuseOpenIdentityInProduction() {
  try {
    assertLocalIdentityAllowed();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
