export { startPostgrest, type PostgrestOptions, type PostgrestServer } from './startPostgrest.ts';
export { signJwt, verifyJwt, JwtError, type JwtClaims } from './jwt.ts';
export { supabaseKeys, TEST_JWT_SECRET } from './supabaseKeys.ts';
export { createStandInClient } from './createStandInClient.ts';
