import { isAbsolute, relative } from 'node:path';
import { nextSteps } from './nextSteps.ts';
import { planInit, type InitStep } from './planInit.ts';
import { readHostProject } from './readHostProject.ts';
import { readInitTemplates } from './readInitTemplates.ts';
import { writeInitSteps } from './writeInitSteps.ts';

export interface RunInitOptions {
  /** The host app's root folder. */
  root: string;
  /** The shipped templates (`dist/templates` next to the CLI). */
  templatesDir: string;
  /** Write without asking. Default false. */
  yes?: boolean;
  /** Output, one message per call. */
  print: (text: string) => void;
  /**
   * Asks the host a yes/no question. Absent when there is no terminal: init then writes without
   * asking, since it only adds files and lines and never replaces what the host wrote.
   */
  confirm?: (question: string) => Promise<boolean>;
  /** For the migration's timestamp. Default: the current time. */
  now?: Date;
}

const LABELS: Record<InitStep['result']['kind'], string> = {
  create: 'create',
  update: 'update',
  keep: 'ok',
  attention: 'CHECK',
};

/** `talk-track init`: plans, shows the plan, writes it, prints the next steps. Resolves to the exit code. */
export async function runInit(options: RunInitOptions): Promise<number> {
  const { root, print } = options;
  const fromRoot = relative(root, options.templatesDir);
  const templates = await readInitTemplates(
    options.templatesDir,
    fromRoot.startsWith('..') || isAbsolute(fromRoot) ? options.templatesDir : fromRoot,
  );
  const plan = planInit(await readHostProject(root), templates, options.now ?? new Date());
  if ('refusal' in plan) {
    print(`talk-track init: ${plan.refusal}`);
    return 1;
  }

  const width = Math.max(...plan.steps.map((step) => step.path.length));
  print(
    plan.steps
      .map(({ path, what, result }) => `  ${LABELS[result.kind].padEnd(6)}  ${path.padEnd(width)}  ${what}`)
      .join('\n'),
  );
  const writes = plan.steps.filter(({ result }) => result.kind === 'create' || result.kind === 'update');
  if (writes.length === 0) {
    print('\nNothing to change: every piece is already in place.');
  } else if (
    !options.yes &&
    options.confirm &&
    !(await options.confirm(`\nWrite ${writes.length} file${writes.length === 1 ? '' : 's'}? [Y/n] `))
  ) {
    print('Nothing written.');
    return 1;
  } else {
    await writeInitSteps(root, writes);
    print(`\nWrote ${writes.map(({ path }) => path).join(', ')}.`);
  }
  for (const { result } of plan.steps) {
    if (result.kind === 'attention') print(`\nCHECK: ${result.message}`);
  }
  print(`\n${nextSteps(plan.appDir, plan.missingPackages)}`);
  return 0;
}
