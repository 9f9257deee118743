// The job store interface, the postgres.js store and the worker engine the edge function serves
// (also its own entry, `@talk-track/server/worker`, for Deno).
export * from './worker.ts';

// The second job store adapter: supabase-js over RPC.
export { createSupabaseJobStore } from './stores/supabaseJobStore.ts';

// Route handlers (Web Request → Response) and how they reach the worker.
export * from './http/index.ts';
