import type postgres from 'postgres';

/** What one write transaction did to a job, read from the rows it changed. */
export type WriteKind =
  'create' | 'claim' | 'save chunk' | 'heartbeat' | 'LLM slot taken' | 'LLM slot given back' | 'complete' | 'other';

export interface WriteCount {
  /** Transactions that wrote: each state change is one call to one SQL function, so one transaction. */
  transactions: number;
  /** Rows inserted, updated or deleted in both tables. */
  rows: number;
  byKind: Record<WriteKind, number>;
}

/**
 * Row triggers that log every write to the job, chunk and LLM slot tables with its transaction id,
 * installed in the benchmark's database only (never in the migration). Counting in the database
 * sees every writer, the route handler and the worker alike, whatever pool or process they use.
 */
export async function installWriteCounter(
  sql: postgres.Sql,
): Promise<{ count(): Promise<WriteCount>; reset(): Promise<void> }> {
  await sql.unsafe(`
    create table if not exists public.bench_writes (
      txid bigint not null, tbl text not null, op text not null,
      old_status text, new_status text, chunk_moved boolean, calls_moved boolean
    );
    create or replace function public.bench_log_write() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'talk_track_jobs' and tg_op = 'UPDATE' then
        insert into public.bench_writes values (txid_current(), tg_table_name, tg_op, old.status, new.status, old.current_chunk <> new.current_chunk, old.llm_calls <> new.llm_calls);
      else
        insert into public.bench_writes values (txid_current(), tg_table_name, tg_op, null, null, null, null);
      end if;
      return null;
    end $$;
    drop trigger if exists bench_log_jobs on public.talk_track_jobs;
    create trigger bench_log_jobs after insert or update or delete on public.talk_track_jobs for each row execute function public.bench_log_write();
    drop trigger if exists bench_log_chunks on public.talk_track_chunks;
    create trigger bench_log_chunks after insert or update or delete on public.talk_track_chunks for each row execute function public.bench_log_write();
    drop trigger if exists bench_log_slots on public.talk_track_llm_slots;
    create trigger bench_log_slots after insert or update or delete on public.talk_track_llm_slots for each row execute function public.bench_log_write();
  `);
  return {
    reset: async () => {
      await sql`truncate public.bench_writes`;
    },
    async count() {
      const rows = await sql<
        LoggedWrite[]
      >`select txid::text, tbl, op, old_status, new_status, chunk_moved, calls_moved from public.bench_writes`;
      const transactions = new Map<string, LoggedWrite[]>();
      for (const row of rows) transactions.set(row.txid, [...(transactions.get(row.txid) ?? []), row]);
      const byKind: Record<WriteKind, number> = {
        create: 0,
        claim: 0,
        'save chunk': 0,
        heartbeat: 0,
        'LLM slot taken': 0,
        'LLM slot given back': 0,
        complete: 0,
        other: 0,
      };
      for (const writes of transactions.values()) byKind[kindOf(writes)]++;
      return { transactions: transactions.size, rows: rows.length, byKind };
    },
  };
}

interface LoggedWrite {
  txid: string;
  tbl: string;
  op: string;
  old_status: string | null;
  new_status: string | null;
  chunk_moved: boolean | null;
  calls_moved: boolean | null;
}

function kindOf(writes: LoggedWrite[]): WriteKind {
  if (writes.some((w) => w.tbl === 'talk_track_chunks' && w.op === 'INSERT')) return 'save chunk';
  // Taking a slot also counts the call on the job (its retry budget): one transaction.
  if (writes.some((w) => w.tbl === 'talk_track_llm_slots' && w.op === 'INSERT')) return 'LLM slot taken';
  if (writes.every((w) => w.tbl === 'talk_track_llm_slots' && w.op === 'DELETE')) return 'LLM slot given back';
  const job = writes.find((w) => w.tbl === 'talk_track_jobs');
  if (!job || writes.length > 1) return 'other';
  if (job.op === 'INSERT') return 'create';
  if (job.op !== 'UPDATE') return 'other';
  if (job.old_status === 'pending' && job.new_status === 'processing') return 'claim';
  if (job.new_status === 'completed') return 'complete';
  if (job.old_status === 'processing' && job.new_status === 'processing' && !job.chunk_moved && !job.calls_moved)
    return 'heartbeat';
  return 'other';
}
