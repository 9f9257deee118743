import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../testing/testDatabase.ts';
import { applySupabaseStandIn } from './applySupabaseStandIn.ts';

const USER = '6f1c8a44-2a0b-4d51-9d2e-5b1f0f6c9a01';
const LEGACY_USER = '0b7e9f2c-8c3d-4f0a-a1e6-2d4c5b6a7f80';

describe('Supabase stand-in', () => {
  const db = useTestDatabase();

  it('creates the API roles as Supabase does: no login, only service_role bypasses RLS', async () => {
    const roles = await db.sql<{ rolname: string; rolcanlogin: boolean; rolbypassrls: boolean }[]>`
      select rolname, rolcanlogin, rolbypassrls from pg_roles
      where rolname in ('anon', 'authenticated', 'service_role') order by rolname`;
    expect(roles.map((r) => [r.rolname, r.rolcanlogin, r.rolbypassrls])).toEqual([
      ['anon', false, false],
      ['authenticated', false, false],
      ['service_role', false, true],
    ]);
  });

  it('auth.uid(), auth.role() and auth.jwt() read the request claims, the legacy per-claim setting first', async () => {
    const claims = { sub: USER, role: 'authenticated', email: 'a@example.test' };
    const [fromClaims] = await db.sql.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
      return tx`select auth.uid() as uid, auth.role() as role, auth.jwt() ->> 'email' as email`;
    });
    expect(fromClaims).toEqual({ uid: USER, role: 'authenticated', email: 'a@example.test' });

    const [legacy] = await db.sql.begin(async (tx) => {
      await tx`select set_config('request.jwt.claims', ${JSON.stringify(claims)}, true)`;
      await tx`select set_config('request.jwt.claim.sub', ${LEGACY_USER}, true)`;
      return tx`select auth.uid() as uid`;
    });
    expect(legacy!.uid).toBe(LEGACY_USER);

    const [anonymous] = await db.sql`select auth.uid() as uid, auth.role() as role`;
    expect(anonymous).toEqual({ uid: null, role: null });
  });

  it('lets the connecting user switch to each API role', async () => {
    for (const role of ['anon', 'authenticated', 'service_role']) {
      const [row] = await db.sql.begin(async (tx) => {
        await tx.unsafe(`set local role ${role}`);
        return tx`select current_user as who`;
      });
      expect(row!.who).toBe(role);
    }
  });

  it('can be applied again to a database that has it', async () => {
    await expect(applySupabaseStandIn(db.url)).resolves.toBeUndefined();
  });
});

describe.each([
  { grants: 'legacy', apiRolesGetNewTables: true },
  { grants: 'current', apiRolesGetNewTables: false },
] as const)('Supabase stand-in, $grants default grants', ({ grants, apiRolesGetNewTables }) => {
  const db = useTestDatabase({ grants });

  it(`gives a new public table to anon and authenticated: ${apiRolesGetNewTables}; to service_role: true`, async () => {
    await db.sql`create table public.brand_new_table (id int)`;
    const [privileges] = await db.sql<{ anon: boolean; authenticated: boolean; service_role: boolean }[]>`
      select has_table_privilege('anon', 'public.brand_new_table', 'select') as anon,
             has_table_privilege('authenticated', 'public.brand_new_table', 'select') as authenticated,
             has_table_privilege('service_role', 'public.brand_new_table', 'select') as service_role`;
    expect(privileges).toEqual({ anon: apiRolesGetNewTables, authenticated: apiRolesGetNewTables, service_role: true });
  });
});
