import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { readLines } from '../readLines.ts';

export interface ManagedProcess {
  child: ChildProcess;
  /** Ends the process and every process it started (Next.js forks workers). */
  stop(): Promise<void>;
  exited: Promise<number | null>;
}

/** Time a process gets to shut down cleanly before it is killed. */
const STOP_GRACE_MS = 5_000;

/**
 * Spawns a command in its own process group, so stopping it also stops its children and Ctrl-C
 * in `npm run dev` leaves nothing behind.
 */
export function spawnManaged(
  command: string,
  args: readonly string[],
  options: SpawnOptions,
  onLine: (line: string) => void,
): ManagedProcess {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  readLines(child, onLine);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // The group is already gone.
    }
  };
  return {
    child,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      signalGroup('SIGTERM');
      const timer = setTimeout(() => signalGroup('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
      // Stragglers of the group (a forked worker that ignored SIGTERM) go too.
      signalGroup('SIGKILL');
    },
  };
}
