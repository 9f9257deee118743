// The example's answer to "who is calling?": the demo user from its cookie (lib/localUser.ts). This
// is the one file of the route folder a host writes; `npx talk-track init` starts it on Supabase Auth.
import { userIdFromCookieHeader } from '@/lib/localUser';

export function getUserId(request: Request): string | null {
  return userIdFromCookieHeader(request.headers.get('cookie'));
}
