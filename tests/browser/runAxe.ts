import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** Each offending element's selector, with axe's summary of what is wrong with it. */
  nodes: string[];
}

/** Runs axe-core (WCAG 2 A/AA and best practices) in the page as it is now, optionally on one part of it. */
export async function runAxe(page: Page, include?: string[]): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async (selectors) => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[]; failureSummary?: string }[] }[] }> } }).axe;
    const context = selectors ? { include: selectors.map((selector) => [selector]) } : document;
    const { violations } = await axe.run(context, { resultTypes: ['violations'] });
    return violations.map(({ id, impact, help, nodes }) => ({ id, impact, help, nodes: nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`) }));
  }, include ?? null);
}
