/** What a request path below the base path names, and the methods it answers. */
export type Route =
  // The collection: POST starts a job, GET ?deckId= finds the caller's latest job for a deck.
  | { name: 'jobs'; allow: readonly ['GET', 'POST'] }
  | { name: 'getJob'; jobId: string; allow: readonly ['GET'] }
  | { name: 'cancelJob'; jobId: string; allow: readonly ['POST'] }
  | { name: 'retryJob'; jobId: string; allow: readonly ['POST'] }
  // Not an endpoint: answered with where the sweep is (the function's /sweep). Never a job id: those are uuids.
  | { name: 'sweep'; allow: readonly ['GET', 'POST'] };

const POST = ['POST'] as const;
const GET = ['GET'] as const;
const GET_POST = ['GET', 'POST'] as const;

/** Matches `pathname` against the routes below `basePath`; `null` for anything else (a 404). Trailing slashes are ignored. */
export function matchRoute(pathname: string, basePath: string): Route | null {
  const base = trimSlashes(basePath);
  const path = trimSlashes(pathname);
  if (path === base) return { name: 'jobs', allow: GET_POST };
  if (!path.startsWith(`${base}/`)) return null;

  const segments = path
    .slice(base.length + 1)
    .split('/')
    .map(decodeSegment);
  if (segments.some((segment) => segment === null || segment === '')) return null;
  const [jobId, action, ...rest] = segments as string[];
  if (jobId === undefined || rest.length > 0) return null;
  if (jobId === 'sweep' && action === undefined) return { name: 'sweep', allow: GET_POST };
  if (action === undefined) return { name: 'getJob', jobId, allow: GET };
  if (action === 'cancel') return { name: 'cancelJob', jobId, allow: POST };
  if (action === 'retry') return { name: 'retryJob', jobId, allow: POST };
  return null;
}

function trimSlashes(path: string): string {
  return `/${path.replace(/^\/+|\/+$/g, '')}`.replace(/^\/$/, '');
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}
