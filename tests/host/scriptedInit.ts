import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Stand-in for `npx talk-track init --yes` until the CLI lands: writes what the brief says it writes.
const REPO = fileURLToPath(new URL('../../', import.meta.url));

export async function scriptedInit(appDir: string, serverVersion: string): Promise<void> {
  const functionDir = join(appDir, 'supabase/functions/generate-talk-track');
  await mkdir(join(appDir, 'supabase/migrations'), { recursive: true });
  await mkdir(functionDir, { recursive: true });
  await copyFile(join(REPO, 'supabase/migrations/20261128000000_talk_track_jobs.sql'), join(appDir, 'supabase/migrations/20261129000000_talk_track_jobs.sql'));
  await copyFile(join(REPO, 'supabase/functions/generate-talk-track/index.ts'), join(functionDir, 'index.ts'));
  await writeFile(
    join(functionDir, 'deno.json'),
    JSON.stringify({ imports: { '@talk-track/server': `npm:@talk-track/server@${serverVersion}`, postgres: 'npm:postgres@^3.4.9' } }, null, 2),
  );
  await writeFile(join(appDir, 'supabase/config.toml'), '[functions.generate-talk-track]\nverify_jwt = false\n');
  const tsconfigPath = join(appDir, 'tsconfig.json');
  const tsconfig = JSON.parse(await readFile(tsconfigPath, 'utf8'));
  tsconfig.exclude = [...(tsconfig.exclude ?? []), 'supabase/functions'];
  await writeFile(tsconfigPath, JSON.stringify(tsconfig, null, 2));
  const routeDir = join(appDir, 'app/api/generate/talk-track/[[...path]]');
  await mkdir(routeDir, { recursive: true });
  await writeFile(
    join(routeDir, 'route.ts'),
    `import postgres from 'postgres';
import { POSTGRES_CLIENT_OPTIONS, createPostgresJobStore, createTalkTrackHandler, edgeFunctionInvokerFromEnv } from '@talk-track/server';
import { getUserId } from './getUserId';

const handler = createTalkTrackHandler({
  store: createPostgresJobStore(postgres(process.env.DATABASE_URL!, { ...POSTGRES_CLIENT_OPTIONS })),
  worker: edgeFunctionInvokerFromEnv(process.env),
  getUserId,
});

export const GET = (request: Request) => handler.handle(request);
export const POST = (request: Request) => handler.handle(request);
`,
  );
  await writeFile(
    join(routeDir, 'getUserId.ts'),
    `import { createServerClient } from '@supabase/ssr';
import { cookies } from 'next/headers';

export async function getUserId(): Promise<string | null> {
  const cookieStore = await cookies();
  const supabase = createServerClient(process.env.NEXT_PUBLIC_SUPABASE_URL!, process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY!, {
    cookies: {
      getAll: () => cookieStore.getAll(),
      setAll: (list) => list.forEach(({ name, value, options }) => cookieStore.set(name, value, options)),
    },
  });
  const { data } = await supabase.auth.getUser();
  return data.user?.id ?? null;
}
`,
  );
}
