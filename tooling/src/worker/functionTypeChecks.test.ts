import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { denoBinary } from './denoBinary.ts';
import { FUNCTION_ENTRY, LOCAL_DENO_CONFIG } from './startWorker.ts';

describe('the edge function in the repository layout', () => {
  it('passes deno check with the local config (workspace source, root node_modules)', () => {
    const check = spawnSync(denoBinary(), ['check', '--quiet', '--config', LOCAL_DENO_CONFIG, FUNCTION_ENTRY], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DENO_DIR: process.env.DENO_DIR, NO_COLOR: '1' },
    });

    expect(check.stderr + check.stdout).toBe('');
    expect(check.status).toBe(0);
  });
});
