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

export interface AxeScope {
  /** Selectors of the parts to check. Default: the whole document. */
  include?: string[];
  /** Rules that do not apply to what is checked (e.g. page-level rules on a component in isolation). */
  disableRules?: string[];
}

/** Runs axe-core (every rule it enables by default: WCAG 2 A/AA and best practices) in the page as it is now. */
export async function runAxe(page: Page, scope: AxeScope = {}): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  return page.evaluate(async ({ include, disableRules }) => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            context: unknown,
            options: unknown,
          ): Promise<{
            violations: {
              id: string;
              impact: string | null;
              help: string;
              nodes: { target: unknown[]; failureSummary?: string }[];
            }[];
          }>;
        };
      }
    ).axe;
    const context = include ? { include: include.map((selector) => [selector]) } : document;
    const rules = Object.fromEntries((disableRules ?? []).map((rule) => [rule, { enabled: false }]));
    const { violations } = await axe.run(context, { resultTypes: ['violations'], rules });
    return violations.map(({ id, impact, help, nodes }) => ({
      id,
      impact,
      help,
      nodes: nodes.map((node) => `${node.target.join(' ')}: ${node.failureSummary ?? ''}`),
    }));
  }, scope);
}
