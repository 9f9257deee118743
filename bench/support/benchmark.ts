import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { renderReport, type BenchReport } from './table.ts';

/** Runs the benchmark when its file is the process's entry (`bench/run.ts` starts each file as its own process). */
export async function runIfMain(moduleUrl: string, run: () => Promise<BenchReport>): Promise<void> {
  if (process.argv[1] !== fileURLToPath(moduleUrl)) return;
  const started = performance.now();
  const report = await run();
  report.seconds = (performance.now() - started) / 1000;
  const jsonAt = process.argv.indexOf('--json');
  if (jsonAt !== -1) await writeFile(process.argv[jsonAt + 1]!, JSON.stringify(report, null, 2));
  else console.log(`${renderReport(report)}\n`);
  // Pools, sockets and timers of the parts under test must not decide when the process ends.
  process.exit(0);
}

/** A progress line on stderr, so stdout stays the table. */
export function progress(id: string, message: string): void {
  process.stderr.write(`[${id}] ${message}\n`);
}
