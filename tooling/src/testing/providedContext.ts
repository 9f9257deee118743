// What globalSetup hands to every test file through vitest's `provide` / `inject`.
declare module 'vitest' {
  export interface ProvidedContext {
    /** Superuser URL of the test server (its `postgres` database, or `DATABASE_URL`). */
    databaseAdminUrl: string;
    /** Database with the Supabase stand-in and all migrations applied; cloned per test file. */
    databaseTemplate: string;
  }
}

export {};
