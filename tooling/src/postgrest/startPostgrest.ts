import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { authenticate, type AuthConfig, type RequestIdentity } from './authenticate.ts';
import { contentType, requestSchema, responseShape, singularityError, wantsExactCount } from './negotiate.ts';
import { PostgrestError, toPostgrestError } from './postgrestError.ts';
import { buildReadQuery } from './readQuery.ts';
import { buildRpcCall } from './rpcCall.ts';

// An RPC body larger than this is not one the talk track functions take.
const MAX_BODY_BYTES = 5_000_000;

export interface PostgrestOptions {
  /** The login role's URL (PostgREST's "authenticator"); each request switches to the token's role. */
  databaseUrl: string;
  /** HS256 secret of the project's JWTs (Supabase's legacy JWT secret). */
  jwtSecret: string;
  /** Opaque API keys and their roles, e.g. `{ sb_secret_x: 'service_role', sb_publishable_y: 'anon' }`. */
  opaqueKeys?: Record<string, string>;
  /** Exposed schemas; the first is the default. Default `['public']`. */
  schemas?: string[];
  /** Roles a token may take. Default `anon`, `authenticated`, `service_role`. */
  roles?: string[];
  /** Default 0: any free port on 127.0.0.1. */
  port?: number;
}

export interface PostgrestServer {
  /** The project URL to give `createClient` (`http://127.0.0.1:<port>`); the API lives at `/rest/v1`. */
  url: string;
  stop(): Promise<void>;
}

/**
 * A loopback stand-in for Supabase's REST API (gateway + PostgREST), enough for supabase-js'
 * `.rpc()` and `.from().select()` reads, speaking PostgREST's wire format. Every request runs in
 * its own transaction as the token's role with `request.jwt.claims` set, as PostgREST does, so
 * grants and RLS decide what a caller sees, exactly as on Supabase.
 */
export async function startPostgrest(options: PostgrestOptions): Promise<PostgrestServer> {
  const sql = postgres(options.databaseUrl, { prepare: false, max: 10, onnotice: () => {} });
  const schemas = options.schemas ?? ['public'];
  const auth: AuthConfig = {
    jwtSecret: options.jwtSecret,
    opaqueKeys: options.opaqueKeys ?? {},
    roles: options.roles ?? ['anon', 'authenticated', 'service_role'],
    anonRole: 'anon',
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, toPostgrestError(error, true)));
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://stand-in');
    const match = /^\/rest\/v1\/(?:(rpc)\/)?([^/]+)\/?$/.exec(url.pathname);
    if (!match) throw new PostgrestError(404, 'PGRST125', `Invalid path specified in request URL`);
    const [, rpc, name] = match as unknown as [string, string | undefined, string];
    const identity = authenticate(request.headers, auth);
    const method = request.method ?? 'GET';
    try {
      if (rpc) {
        if (method !== 'POST') throw unsupportedMethod(method);
        await callFunction(request, response, identity, decodeURIComponent(name));
      } else {
        if (method !== 'GET' && method !== 'HEAD') throw unsupportedMethod(method);
        await readTable(request, response, identity, decodeURIComponent(name), url.searchParams);
      }
    } catch (error) {
      send(response, toPostgrestError(error, identity.role === auth.anonRole));
    }
  }

  async function callFunction(
    request: IncomingMessage,
    response: ServerResponse,
    identity: RequestIdentity,
    name: string,
  ): Promise<void> {
    const schema = requestSchema(request.headers, false, schemas);
    const shape = responseShape(request.headers);
    const args = parseArgs(await readBody(request));
    const call = await buildRpcCall(sql, schema, name, args);
    const result = await asRole(identity, request, false, async (tx) => {
      const [row] = await tx.unsafe<{ body: string; n: number }[]>(call.sql, call.params as never[]);
      // Checked inside the transaction so a refused answer also undoes the call, as PostgREST does.
      if (shape === 'object' && call.returnsSet && row!.n !== 1) throw singularityError(row!.n);
      return row!;
    });
    if (call.returnKind === 'void') return void send(response, null, 204);
    const rows = JSON.parse(result.body) as unknown[];
    const body = call.returnsSet && shape === 'array' ? result.body : JSON.stringify(rows[0] ?? null);
    send(response, body, 200, { 'content-type': contentType(call.returnsSet ? shape : 'array') });
  }

  async function readTable(
    request: IncomingMessage,
    response: ServerResponse,
    identity: RequestIdentity,
    table: string,
    search: URLSearchParams,
  ): Promise<void> {
    const schema = requestSchema(request.headers, true, schemas);
    const shape = responseShape(request.headers);
    const query = buildReadQuery(schema, table, search);
    const { row, total } = await asRole(identity, request, true, async (tx) => {
      const [rows] = await tx.unsafe<{ body: string; n: number }[]>(query.rowsSql, query.params as never[]);
      const count = wantsExactCount(request.headers)
        ? (await tx.unsafe<{ n: number }[]>(query.countSql, query.params as never[]))[0]!.n
        : undefined;
      return { row: rows!, total: count };
    });
    if (shape === 'object' && row.n !== 1) throw singularityError(row.n);
    const offset = Number(search.get('offset') ?? 0);
    const range = row.n > 0 ? `${offset}-${offset + row.n - 1}` : '*';
    const headers = { 'content-type': contentType(shape), 'content-range': `${range}/${total ?? '*'}` };
    const body = shape === 'object' ? JSON.stringify((JSON.parse(row.body) as unknown[])[0]) : row.body;
    send(response, request.method === 'HEAD' ? null : body, 200, headers);
  }

  /** Runs `work` in one transaction as the caller's role with its claims, the way PostgREST prepares every request. */
  function asRole<T>(
    identity: RequestIdentity,
    request: IncomingMessage,
    readOnly: boolean,
    work: (tx: postgres.TransactionSql) => Promise<T>,
  ): Promise<T> {
    return sql.begin(readOnly ? 'read only' : 'read write', async (tx) => {
      await tx.unsafe(
        `select set_config('role', $1, true), set_config('request.jwt.claims', $2, true),
                set_config('request.method', $3, true), set_config('request.path', $4, true)`,
        [
          identity.role,
          JSON.stringify(identity.claims),
          request.method ?? 'GET',
          new URL(request.url ?? '/', 'http://stand-in').pathname,
        ],
      );
      return work(tx);
    }) as Promise<T>;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await sql.end({ timeout: 1 });
    },
  };
}

function parseArgs(body: string): Record<string, unknown> {
  if (body.trim() === '') return {};
  let args: unknown;
  try {
    args = JSON.parse(body);
  } catch {
    throw new PostgrestError(400, 'PGRST102', 'Empty or invalid json');
  }
  if (!args || typeof args !== 'object' || Array.isArray(args))
    throw new PostgrestError(400, 'PGRST102', 'Function arguments must be a JSON object');
  return args as Record<string, unknown>;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new PostgrestError(413, 'PGRST102', 'Request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function unsupportedMethod(method: string): PostgrestError {
  return new PostgrestError(
    405,
    'PGRST117',
    `Unsupported HTTP method: ${method}`,
    'This stand-in implements table reads and POST /rpc only.',
  );
}

function send(
  response: ServerResponse,
  body: string | PostgrestError | null,
  status = 200,
  headers: Record<string, string> = {},
): void {
  if (response.headersSent) return void response.end();
  if (body instanceof PostgrestError) {
    response.writeHead(body.status, { 'content-type': 'application/json; charset=utf-8', ...body.headers });
    response.end(JSON.stringify(body));
    return;
  }
  response.writeHead(status, headers);
  response.end(body ?? undefined);
}
