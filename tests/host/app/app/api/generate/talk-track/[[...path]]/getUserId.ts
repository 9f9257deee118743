import { cookies } from 'next/headers';

/** Where this host's sign-in keeps the user's id (the test's browser gets it as a cookie). */
export const HOST_USER_COOKIE = 'host_user';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** This host's auth, filled in where init's Supabase Auth default stood: the signed-in user's id, or null. */
export async function getUserId(): Promise<string | null> {
  const id = (await cookies()).get(HOST_USER_COOKIE)?.value;
  return id && UUID.test(id) ? id : null;
}
