import { NextResponse, type NextRequest } from 'next/server';
import {
  LOCAL_USER_COOKIE,
  assertLocalIdentityAllowed,
  localUserCookieOptions,
  userIdFromCookieHeader,
} from './lib/localUser';

/** Gives every visitor a local identity before the first page renders, so API calls carry it. */
export function proxy(request: NextRequest) {
  // instrumentation.ts already refused to start; this keeps a build without it from serving anyone.
  assertLocalIdentityAllowed();
  if (userIdFromCookieHeader(request.headers.get('cookie'))) return NextResponse.next();
  const response = NextResponse.next();
  response.cookies.set(LOCAL_USER_COOKIE, crypto.randomUUID(), localUserCookieOptions(request.nextUrl));
  return response;
}

export const config = {
  matcher: ['/((?!_next/|favicon.ico).*)'],
};
