import type { SupabaseGrants } from '../postgres/applySupabaseStandIn.ts';

// What globalSetup hands to every test file through vitest's `provide` / `inject`.
declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test server (its `postgres` database, or `DATABASE_URL`). */
    databaseAdminUrl: string;
    /** Per default-privilege mode, a database with the Supabase stand-in and all migrations applied; cloned per test file. */
    databaseTemplates: Record<SupabaseGrants, string>;
  }
}

export {};
