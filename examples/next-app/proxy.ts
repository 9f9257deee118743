import { NextResponse, type NextRequest } from 'next/server';
import { LOCAL_USER_COOKIE, userIdFromCookieHeader } from './lib/localUser';

/** Gives every visitor a local identity before the first page renders, so API calls carry it. */
export function proxy(request: NextRequest) {
  if (userIdFromCookieHeader(request.headers.get('cookie'))) return NextResponse.next();
  const response = NextResponse.next();
  response.cookies.set(LOCAL_USER_COOKIE, crypto.randomUUID(), {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    maxAge: 60 * 60 * 24 * 365,
  });
  return response;
}

export const config = {
  matcher: ['/((?!_next/|favicon.ico).*)'],
};
