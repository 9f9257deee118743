import { assertLocalIdentityAllowed } from './lib/localUser';

/** Runs once when the server starts: the example's open identity must not start in production by accident. */
export function register() {
  assertLocalIdentityAllowed();
}
