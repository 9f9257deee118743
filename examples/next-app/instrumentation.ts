/**
 * Runs once when the server starts: the example's open identity must not start in production by
 * accident. The check lives in a Node-only module, imported only on the Node.js runtime, so the
 * Edge compile of this file never sees `process.exit`.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { refuseOpenIdentityInProduction } = await import('./lib/refuseOpenIdentityInProduction');
    refuseOpenIdentityInProduction();
  }
}
