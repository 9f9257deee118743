import { describe, expect, it } from 'vitest';
import { useTestDatabase } from '../../tooling/src/testing/testDatabase.ts';
import { OWNER } from './support/identities.ts';
import { claim, deckInput, jsonb, saveChunk, type JobRow } from './support/jobFixtures.ts';
import { refusalOf, rolledBack, type Tx } from './support/pgTest.ts';

// The chunk plan is made once, from the deck's text, and stored with the job (chunk_starts): the
// worker runs it on every invocation. The table refuses a plan the worker could not run, however
// the row is written.
const SLIDES = 8;
const CHUNK_SIZE = 5;

function createWithPlan(tx: Tx, starts: unknown, totalChunks: number, deckId = 'deck-plan') {
  return tx<(JobRow & { chunk_starts: number[] })[]>`
    select (r.job).* from talk_track_create_job(
      ${OWNER}, ${deckId}, ${jsonb(tx, deckInput(deckId, SLIDES))}, ${CHUNK_SIZE}, ${totalChunks}, null, ${starts as number[]}::int[]) r`;
}

async function jobCount(tx: Tx): Promise<number> {
  const [row] = await tx<{ n: number }[]>`select count(*)::int as n from talk_track_jobs`;
  return row!.n;
}

describe('the stored chunk plan', () => {
  const db = useTestDatabase();

  it('stores an uneven plan (a long slide alone) and counts progress in its chunks', async () => {
    const { job, afterTwo } = await rolledBack(db.sql, async (tx) => {
      const [job] = await createWithPlan(tx, [0, 3, 4], 3);
      await claim(tx, job!.id);
      await saveChunk(tx, job!.id, 0);
      const afterTwo = await saveChunk(tx, job!.id, 1);
      return { job: job!, afterTwo: afterTwo! };
    });
    expect(job).toMatchObject({
      chunk_starts: [0, 3, 4],
      total_chunks: 3,
      slide_count: SLIDES,
      chunk_size: CHUNK_SIZE,
    });
    expect(afterTwo).toMatchObject({ current_chunk: 2, progress: 66 });
  });

  it('without a plan, plans chunks of chunk_size slides', async () => {
    const [job] = await rolledBack(
      db.sql,
      (tx) => tx<{ chunk_starts: number[] }[]>`
      select (r.job).chunk_starts from talk_track_create_job(${OWNER}, 'deck-fixed', ${jsonb(tx, deckInput('deck-fixed', SLIDES))}, ${CHUNK_SIZE}, 2) r`,
    );
    expect(job!.chunk_starts).toEqual([0, 5]);
  });

  it.each([
    ['not starting at slide 0', [1, 4], 2],
    ['not rising', [0, 4, 4], 3],
    ['falling', [0, 4, 2], 3],
    ['starting a chunk past the deck', [0, 4, SLIDES], 3],
    ['with a chunk over chunk_size slides', [0, 1], 2],
    ['with a chunk count that disagrees', [0, 4], 3],
    ['empty', [], 1],
    ['with a hole', [0, null, 4], 3],
    ['two-dimensional', [[0], [4]], 2],
  ])('refuses a plan %s (23514), and writes nothing', async (_, starts, totalChunks) => {
    const { refusal, count } = await rolledBack(db.sql, async (tx) => ({
      refusal: await refusalOf(tx, (sp) => createWithPlan(sp, starts, totalChunks)),
      count: await jobCount(tx),
    }));
    expect(refusal).toMatchObject({ code: '23514' });
    expect(count).toBe(0);
  });

  it('refuses a bad plan written to the table directly, or put on a job afterwards', async () => {
    const { insert, update, stored } = await rolledBack(db.sql, async (tx) => {
      const insert = await refusalOf(
        tx,
        (sp) => sp`
        insert into talk_track_jobs (user_id, deck_id, input, chunk_size, total_chunks, slide_count, chunk_starts)
        values (${OWNER}, 'deck-direct', ${jsonb(sp, deckInput('deck-direct', SLIDES))}, ${CHUNK_SIZE}, 2, ${SLIDES}, '{0,9}')`,
      );
      const [job] = await createWithPlan(tx, [0, 4], 2);
      const update = await refusalOf(
        tx,
        (sp) => sp`update talk_track_jobs set chunk_starts = '{0,2}' where id = ${job!.id}`,
      );
      const [row] = await tx<
        { chunk_starts: number[] }[]
      >`select chunk_starts from talk_track_jobs where id = ${job!.id}`;
      return { insert, update, stored: row!.chunk_starts };
    });
    expect(insert).toMatchObject({ code: '23514' });
    expect(update).toMatchObject({ code: '23514' });
    expect(stored).toEqual([0, 4]);
  });
});
