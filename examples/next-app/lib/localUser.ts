/**
 * The example's stand-in for Supabase Auth: a random user id kept in a cookie. A real host answers
 * the same question ("who is calling?") from its session, e.g. `supabase.auth.getUser()`.
 */
export const LOCAL_USER_COOKIE = 'talk_track_demo_user';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function userIdFromCookieHeader(cookieHeader: string | null): string | null {
  if (!cookieHeader) return null;
  for (const part of cookieHeader.split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === LOCAL_USER_COOKIE) {
      const value = decodeURIComponent(rest.join('='));
      return UUID.test(value) ? value : null;
    }
  }
  return null;
}
