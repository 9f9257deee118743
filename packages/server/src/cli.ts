#!/usr/bin/env node
// The `talk-track` command (Node only; the package's library entries stay runtime-neutral for Deno).
import { createInterface } from 'node:readline/promises';
import { fileURLToPath } from 'node:url';
import { runInit } from './init/runInit.ts';

const USAGE = `Usage: npx talk-track init [--yes]

Sets up Talk Track Kit in the Next.js App Router app in the current folder: the migration, the
generate-talk-track edge function, its supabase/config.toml block, the tsconfig.json exclude and
the route file. Never overwrites a file you changed. Asks before writing when run in a terminal;
--yes (or no terminal) writes without asking.`;

const [command, ...flags] = process.argv.slice(2);
if (command === '--help' || command === '-h' || command === 'help') {
  console.log(USAGE);
} else if (command !== 'init' || flags.some((flag) => flag !== '--yes' && flag !== '-y')) {
  console.error(USAGE);
  process.exitCode = 1;
} else {
  try {
    process.exitCode = await runInit({
      root: process.cwd(),
      templatesDir: fileURLToPath(new URL('./templates', import.meta.url)),
      yes: flags.length > 0,
      print: (text) => console.log(text),
      confirm: process.stdin.isTTY ? askYesNo : undefined,
    });
  } catch (error) {
    console.error(`talk-track init failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  }
}

async function askYesNo(question: string): Promise<boolean> {
  const readline = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^(y|yes|)$/i.test((await readline.question(question)).trim());
  } finally {
    readline.close();
  }
}
