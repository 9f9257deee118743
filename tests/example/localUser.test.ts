import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ALLOW_INSECURE_IDENTITY_VAR,
  LOCAL_USER_COOKIE,
  assertLocalIdentityAllowed,
} from '../../examples/next-app/lib/localUser.ts';
import { proxy } from '../../examples/next-app/proxy.ts';

afterEach(() => vi.unstubAllEnvs());

/** The Set-Cookie header the example's proxy sends a first-time visitor of `url`. */
function identityCookie(url: string): string {
  const cookie = proxy(new NextRequest(url)).headers.get('set-cookie');
  expect(cookie).toMatch(new RegExp(`^${LOCAL_USER_COOKIE}=[0-9a-f-]{36};`));
  return cookie!;
}

describe("the example's cookie identity", () => {
  it('refuses to run under NODE_ENV=production, naming the variable that allows it', () => {
    expect(() => assertLocalIdentityAllowed({ NODE_ENV: 'production' })).toThrow(ALLOW_INSECURE_IDENTITY_VAR);
    expect(() => assertLocalIdentityAllowed({ NODE_ENV: 'production', [ALLOW_INSECURE_IDENTITY_VAR]: 'yes' })).toThrow(
      /anyone can act as anyone/,
    );
    vi.stubEnv('NODE_ENV', 'production');
    expect(() => proxy(new NextRequest('https://app.example/'))).toThrow(ALLOW_INSECURE_IDENTITY_VAR);
  });

  it('runs in production when explicitly allowed, and in development', () => {
    expect(() =>
      assertLocalIdentityAllowed({ NODE_ENV: 'production', [ALLOW_INSECURE_IDENTITY_VAR]: '1' }),
    ).not.toThrow();
    expect(() => assertLocalIdentityAllowed({ NODE_ENV: 'development' })).not.toThrow();
  });

  it('sets a Secure, HttpOnly, SameSite cookie; Secure is left off only for plain http on loopback', () => {
    const secure = identityCookie('https://app.example/step-6').toLowerCase();
    expect(secure).toContain('; secure');
    expect(secure).toContain('; httponly');
    expect(secure).toContain('; samesite=lax');
    expect(secure).toContain('; path=/');
    expect(identityCookie('http://app.example/').toLowerCase()).toContain('; secure');

    const loopback = identityCookie('http://127.0.0.1:3000/').toLowerCase();
    expect(loopback).not.toContain('secure');
    expect(loopback).toContain('; httponly');
    expect(loopback).toContain('; samesite=lax');
  });

  it('leaves a visitor who already has an identity alone', () => {
    const request = new NextRequest('https://app.example/', {
      headers: { cookie: `${LOCAL_USER_COOKIE}=2f1c6a0e-8a8e-4b3c-9d2f-1a2b3c4d5e6f` },
    });
    expect(proxy(request).headers.get('set-cookie')).toBeNull();
  });
});
