/**
 * `npm run bench`: every benchmark in turn, each in its own process (so one's pools, timers and
 * garbage never weigh on the next), one table each; the results go to bench/results/latest.json
 * and latest.md. `npm run bench -- renders timeToNotice` runs only those.
 *
 * Benchmarks import the packages' source (`@talk-track/*` through tsconfig.check.json's paths),
 * never a stale dist/, except the bundle size, which measures what hosts install: the `npm pack`
 * output in a fresh folder.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderReport, type BenchReport } from './support/table.ts';

const BENCHMARKS: readonly { id: string; file: string; timeoutMs?: number }[] = [
  { id: 'createLatency', file: 'createLatency.ts' },
  { id: 'generationWallTime', file: 'generationWallTime.ts' },
  { id: 'statusReadCost', file: 'statusReadCost.ts' },
  { id: 'timeToNotice', file: 'timeToNotice.tsx' },
  // Packs, installs into a fresh folder and runs `next build`: a few minutes on 2 cores.
  { id: 'bundleSize', file: 'bundleComparison.ts', timeoutMs: 600_000 },
  { id: 'renders', file: 'renders.tsx' },
  { id: 'etaAccuracy', file: 'etaAccuracy.ts' },
  // 200 jobs run to the end twice (kit limit, then the baseline): about 3 minutes on 2 cores.
  { id: 'scaleJobs', file: 'scaleJobs.ts', timeoutMs: 600_000 },
];
/** Most benchmarks take well under a minute; this only stops a hung one from holding the run. */
const BENCHMARK_TIMEOUT_MS = 180_000;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULTS = fileURLToPath(new URL('./results/', import.meta.url));
const COMMAND = 'npm run bench';

const wanted = process.argv.slice(2);
const unknown = wanted.filter((id) => !BENCHMARKS.some((bench) => bench.id === id));
if (unknown.length) {
  console.error(
    `Unknown benchmark ${unknown.join(', ')}. Choose from: ${BENCHMARKS.map((bench) => bench.id).join(', ')}.`,
  );
  process.exit(2);
}
const selected = BENCHMARKS.filter((bench) => wanted.length === 0 || wanted.includes(bench.id));

const scratch = await mkdtemp(join(tmpdir(), 'talk-track-bench-'));
const reports: BenchReport[] = [];
const failures: string[] = [];
const started = performance.now();
console.log(
  `Talk Track Kit benchmarks: ${selected.map((bench) => bench.id).join(', ')} (${cpus().length} cores, Node ${process.version})\n`,
);
try {
  for (const bench of selected) {
    const out = join(scratch, `${bench.id}.json`);
    const { code, stderr } = await runBenchmark(bench.file, out, bench.timeoutMs ?? BENCHMARK_TIMEOUT_MS);
    if (code !== 0) {
      failures.push(bench.id);
      console.log(
        `### ${bench.id}: FAILED (${typeof code === 'number' ? `exit ${code}` : code})\n\n${stderr.slice(-40).join('\n')}\n`,
      );
      continue;
    }
    const report = JSON.parse(await readFile(out, 'utf8')) as BenchReport;
    reports.push(report);
    console.log(`${renderReport(report)}\n`);
    // Warnings the parts under test printed (once each): findings too, but not part of the table.
    const warnings = [...new Set(stderr.filter((line) => /warning/i.test(line)))];
    if (warnings.length) console.log(`stderr of ${bench.id}:\n${warnings.map((line) => `  ${line}`).join('\n')}\n`);
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}

const seconds = (performance.now() - started) / 1000;
const misses = reports.flatMap((report) =>
  report.rows.filter((row) => row.verdict === 'MISS').map((row) => `${report.title}: ${row.measure.trim()}`),
);
console.log(`Done in ${seconds.toFixed(0)} s. Goals missed: ${misses.length ? `\n  ${misses.join('\n  ')}` : 'none'}.`);
if (wanted.length === 0 && failures.length === 0) await saveResults(reports, seconds);
else console.log('Only a full, successful run is written to bench/results/.');
process.exit(failures.length ? 1 : 0);

/** Runs one benchmark file under tsx; its progress lines pass through, the rest of stderr is kept. */
function runBenchmark(
  file: string,
  out: string,
  timeoutMs: number,
): Promise<{ code: number | string | null; stderr: string[] }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join('bench', file), '--json', out], {
      cwd: ROOT,
      env: { ...process.env, TSX_TSCONFIG_PATH: 'tsconfig.check.json' },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    const stderr: string[] = [];
    let pending = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (data: string) => {
      pending += data;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (/^\[\w+\] /.test(line)) process.stderr.write(`${line}\n`);
        else stderr.push(line);
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (pending) stderr.push(pending);
      resolve({ code: signal ? `killed by ${signal}` : code, stderr });
    });
  });
}

async function saveResults(all: BenchReport[], totalSeconds: number): Promise<void> {
  await mkdir(RESULTS, { recursive: true });
  const meta = {
    command: COMMAND,
    date: new Date().toISOString(),
    node: process.version,
    cores: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    seconds: Math.round(totalSeconds),
  };
  await writeFile(join(RESULTS, 'latest.json'), `${JSON.stringify({ ...meta, reports: all }, null, 2)}\n`);
  const header = `Produced by \`${meta.command}\` on ${meta.date.slice(0, 10)} (${meta.cores} × ${meta.cpu}, Node ${meta.node}; ${meta.seconds} s in all).`;
  await writeFile(join(RESULTS, 'latest.md'), `${header}\n\n${all.map(renderReport).join('\n\n')}\n`);
  console.log('Wrote bench/results/latest.json and bench/results/latest.md.');
}
