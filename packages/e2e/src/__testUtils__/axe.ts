import type { AxeResults, RunOptions } from 'axe-core';
import { readFileSync } from 'node:fs';
import { Page } from 'playwright-core';

/** One rule a page breaks, with every element that breaks it. */
export interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  nodes: { target: string; message: string }[];
}

/** The WCAG 2.0 and 2.1 level A and AA rules: the level the portal promises. */
const WCAG_AA = ['wcag2a', 'wcag2aa'];

/** What the page's `window.axe` offers once axe-core's source is in. */
type AxeInPage = {
  run(context: Document, options: RunOptions): Promise<AxeResults>;
};

/**
 * Runs axe-core's WCAG A/AA rules on the whole page as it stands. Only the page runs axe: Node
 * reads its source as text (requiring it here would run it without a window).
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({
    content: readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'),
  });
  return page.evaluate(async tags => {
    const { axe } = window as unknown as { axe: AxeInPage };
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: tags },
    });
    return results.violations.map(v => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map(n => ({
        target: n.target.join(' '),
        message: n.failureSummary ?? '',
      })),
    }));
  }, WCAG_AA);
}

/** One line per element: the rule, its impact, the element and what axe says is wrong. */
export function describeViolations(violations: AxeViolation[]): string {
  return violations
    .flatMap(v =>
      v.nodes.map(
        n =>
          `${v.id} (${v.impact ?? 'no impact'}) at ${n.target}: ${
            v.help
          } — ${n.message.replace(/\s+/g, ' ')}`,
      ),
    )
    .join('\n');
}
