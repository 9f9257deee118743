import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningPostgres, startPostgres } from './startPostgres.ts';

describe('startPostgres({ restartable: true })', () => {
  let server: RunningPostgres;
  let sql: postgres.Sql;
  beforeAll(async () => {
    server = await startPostgres({ restartable: true });
    sql = postgres(server.url, { max: 1, prepare: false, onnotice: () => {} });
  });
  afterAll(async () => {
    await sql?.end({ timeout: 1 });
    await server?.stop();
  });

  it('stops and starts again on the same URL with its data, failing queries in between', async () => {
    await sql`create table kept (value text)`;
    await sql`insert into kept values ('before the restart')`;

    await server.stopServer();
    const whileDown = await sql`select 1`.catch((error: unknown) => error);
    expect(whileDown).toMatchObject({ code: expect.stringMatching(/^(ECONNREFUSED|CONNECTION_CLOSED|57P01)$/) });

    await server.startServer();
    // postgres.js reconnects on the next query: no new client needed.
    expect(await sql`select value from kept`).toEqual([{ value: 'before the restart' }]);
  });
});
