import type postgres from 'postgres';
import { DEFAULT_CHUNK_SIZE, planChunks } from '@talk-track/testing/internals';
import { sampleDeck } from '../../tooling/src/llm/sampleDeck.ts';
import { chunkOutputs, finishedTalkTrack } from './chunkOutputs.ts';

export interface SeededJobs {
  /** One running job per client: `userIds[i]` owns `jobIds[i]`. */
  userIds: string[];
  jobIds: string[];
}

export interface SeedOptions {
  totalRows: number;
  activeJobs: number;
  /** Slides of each running job and chunks already saved for it. */
  activeSlides: number;
  savedChunks: number;
  /** Users the finished jobs are spread over. */
  finishedUsers: number;
}

/**
 * Fills `talk_track_jobs` as a product a while after launch would: many finished jobs (small
 * decks, completed, a result each) and some running ones (large decks, part done, their chunks
 * saved, a live lease, so no status read revives them). Bulk SQL, not the functions: only the
 * shape of the table matters here, and the constraints still check every row.
 */
export async function seedJobs(sql: postgres.Sql, options: SeedOptions): Promise<SeededJobs> {
  const finishedDeck = sampleDeck(DEFAULT_CHUNK_SIZE);
  const result = finishedTalkTrack(finishedDeck);
  const finished = options.totalRows - options.activeJobs;
  await sql`
    insert into public.talk_track_jobs
      (user_id, deck_id, status, progress, current_chunk, total_chunks, chunk_size, slide_count, chunk_starts, input, result,
       attempts, created_at, started_at, completed_at)
    select md5('finished-user-' || (g % ${options.finishedUsers}))::uuid, 'deck-' || g, 'completed', 100, 1, 1,
           ${DEFAULT_CHUNK_SIZE}, ${finishedDeck.slides.length}, '{0}', ${sql.json(finishedDeck as never)}, ${sql.json(result as never)}, 1,
           now() - g * interval '30 seconds', now() - g * interval '30 seconds', now() - g * interval '30 seconds' + interval '2 minutes'
      from generate_series(1, ${finished}) as g`;

  const activeDeck = sampleDeck(options.activeSlides);
  const chunkStarts = planChunks(activeDeck.slides).map((chunk) => chunk.start);
  const totalChunks = chunkStarts.length;
  const progress = Math.floor((100 * options.savedChunks) / totalChunks);
  const userIds = Array.from({ length: options.activeJobs }, () => crypto.randomUUID());
  const rows = await sql<{ id: string; user_id: string }[]>`
    insert into public.talk_track_jobs
      (user_id, deck_id, status, progress, current_chunk, total_chunks, chunk_size, slide_count, chunk_starts, input,
       attempts, lease_owner, lease_expires_at, started_at)
    select u, ${activeDeck.id}, 'processing', ${progress}, ${options.savedChunks}, ${totalChunks}, ${DEFAULT_CHUNK_SIZE},
           ${options.activeSlides}, ${chunkStarts}::int[], ${sql.json(activeDeck as never)}, 1, 'bench-worker', now() + interval '1 hour', now()
      from unnest(${userIds}::uuid[]) as u
    returning id, user_id`;
  const byUser = new Map(rows.map((row) => [row.user_id, row.id]));
  const outputs = chunkOutputs(activeDeck, options.savedChunks);
  for (const [chunkIndex, output] of outputs.entries()) {
    await sql`
      insert into public.talk_track_chunks (job_id, chunk_index, output)
      select id, ${chunkIndex}, ${sql.json(output as never)} from unnest(${[...byUser.values()]}::uuid[]) as id`;
  }
  await sql`vacuum analyze public.talk_track_jobs`;
  await sql`vacuum analyze public.talk_track_chunks`;
  // The seed's writes are flushed now rather than by a checkpoint in the middle of a measurement.
  await sql`checkpoint`;
  return { userIds, jobIds: userIds.map((user) => byUser.get(user)!) };
}
