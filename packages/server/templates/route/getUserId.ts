// Who is asking: the signed-in user's id, or null (the route then answers 401). Written by
// `npx talk-track init` for Supabase Auth; replace the body if your app knows its users another way.
import { createServerClient } from '@supabase/ssr';
import { cookies } from 'next/headers';

export async function getUserId(): Promise<string | null> {
  const url = process.env.NEXT_PUBLIC_SUPABASE_URL;
  const key = process.env.NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY ?? process.env.NEXT_PUBLIC_SUPABASE_ANON_KEY;
  if (!url || !key)
    throw new Error(
      'Set NEXT_PUBLIC_SUPABASE_URL and NEXT_PUBLIC_SUPABASE_PUBLISHABLE_KEY (or NEXT_PUBLIC_SUPABASE_ANON_KEY) so the talk track route can read the signed-in user.',
    );
  const cookieStore = await cookies();
  const supabase = createServerClient(url, key, {
    cookies: {
      getAll: () => cookieStore.getAll(),
      // A route handler may set cookies: a refreshed session is passed back to the browser.
      setAll: (cookiesToSet) =>
        cookiesToSet.forEach(({ name, value, options }) => cookieStore.set(name, value, options)),
    },
  });
  const { data } = await supabase.auth.getUser();
  return data.user?.id ?? null;
}
