// `npm run test:faults:soak [-- runs]`: the whole fault suite, `runs` times in a row (default 10),
// each run beside busyNeighbour.ts keeping one core busy. Stops at the first failing run.
//
// A fault test times leases, budgets and restarts, so one pass on a quiet machine proves little:
// this is the check that the suite does not pass by luck. Each run's output goes to
// test-artifacts/faults/soak-run-<n>.log; one line per run is printed here. Ten runs take about an
// hour on 2 cores, so it is not part of CI.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LOG_DIR = `${ROOT}test-artifacts/faults/`;
/** Longer than any one run of the suite; the neighbour is stopped when its run ends. */
const NEIGHBOUR_SECONDS = 1_200;

const runs = Number(process.argv[2] ?? 10);
if (!Number.isInteger(runs) || runs < 1)
  throw new Error(`soak: give a whole number of runs, not "${process.argv[2]}".`);

async function exitOf(child: ChildProcess): Promise<number> {
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  return code ?? (signal ? 128 : 1);
}

async function runOnce(run: number): Promise<boolean> {
  const neighbour = spawn(
    process.execPath,
    ['--import', 'tsx', `${ROOT}tests/faults/busyNeighbour.ts`, String(NEIGHBOUR_SECONDS)],
    {
      stdio: 'ignore',
    },
  );
  const started = Date.now();
  const suite = spawn('npx', ['vitest', 'run', '--config', 'vitest.faults.config.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  suite.stdout!.on('data', (data: Buffer) => (output += data));
  suite.stderr!.on('data', (data: Buffer) => (output += data));
  const code = await exitOf(suite);
  neighbour.kill('SIGTERM');
  await writeFile(`${LOG_DIR}soak-run-${run}.log`, output);
  // vitest colours its summary even into a pipe.
  const tests = /Tests\s+(.*)/.exec(stripVTControlCharacters(output))?.[1]?.trim() ?? 'no summary';
  console.log(
    `run ${run}/${runs}: ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${Math.round((Date.now() - started) / 1000)} s: ${tests}`,
  );
  return code === 0;
}

await mkdir(LOG_DIR, { recursive: true });
for (let run = 1; run <= runs; run++) {
  if (!(await runOnce(run))) {
    console.log(`soak: run ${run} failed; its output is in test-artifacts/faults/soak-run-${run}.log`);
    process.exit(1);
  }
}
console.log(`soak: ${runs} runs in a row passed beside a busy core`);
