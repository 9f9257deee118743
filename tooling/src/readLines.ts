import type { ChildProcess } from 'node:child_process';

/** Calls `onLine` for every line a child prints on stdout or stderr, the last unterminated one included. */
export function readLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    let pending = '';
    stream.setEncoding('utf8');
    stream.on('data', (data: string) => {
      pending += data;
      const parts = pending.split('\n');
      pending = parts.pop()!;
      parts.forEach(onLine);
    });
    stream.on('end', () => {
      if (pending) onLine(pending);
    });
  }
}
