import type { Tx } from './pgTest.ts';

export const OWNER = '3f6c1a2e-5b7d-4e8f-9a0b-1c2d3e4f5a6b';
export const OTHER_USER = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';

/** Who a statement runs as, the way PostgREST runs a request for them. */
export type Identity =
  | { name: 'anon'; role: 'anon' }
  | { name: 'owner' | 'other user'; role: 'authenticated'; sub: string }
  | { name: 'service_role'; role: 'service_role' };

export const ANON: Identity = { name: 'anon', role: 'anon' };
export const AS_OWNER: Identity = { name: 'owner', role: 'authenticated', sub: OWNER };
export const AS_OTHER_USER: Identity = { name: 'other user', role: 'authenticated', sub: OTHER_USER };
export const SERVICE_ROLE: Identity = { name: 'service_role', role: 'service_role' };

/** Switches the rest of the transaction to `identity`: its JWT claims, then its role. */
export async function actAs(tx: Tx, identity: Identity): Promise<void> {
  const claims =
    identity.role === 'authenticated' ? { sub: identity.sub, role: identity.role } : { role: identity.role };
  await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
  // The role comes from the closed union above, never from input.
  await tx.unsafe(`set local role ${identity.role}`);
}
