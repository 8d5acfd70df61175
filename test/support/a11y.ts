/**
 * The accessibility check of the browser tests: axe-core itself (the devDependency), injected into
 * the page and run over the whole document, reporting the serious and critical violations — the
 * level issue #18 point 8 asks to be zero on every page. One entry per offending element.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

export interface A11yViolation {
  rule: string;
  impact: 'serious' | 'critical';
  target: string;
  detail?: string;
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** Serious and critical axe-core violations on the page as it is now. */
export async function checkA11y(page: Page): Promise<A11yViolation[]> {
  // Transpilers that keep function names (tsx) wrap functions in __name(); give the page a no-op one.
  await page.evaluate('globalThis.__name ??= (f) => f');
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_PATH });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: typeof import('axe-core') }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.flatMap((v) =>
      v.nodes
        .filter((n) => (n.impact ?? v.impact) === 'serious' || (n.impact ?? v.impact) === 'critical')
        .map((n) => ({
          rule: v.id,
          impact: (n.impact ?? v.impact) as 'serious' | 'critical',
          target: n.target.map(String).join(' '),
          detail: `${(n.failureSummary ?? v.help).replace(/\s+/g, ' ').slice(0, 300)} — ${n.html.slice(0, 120)}`,
        })),
    );
  });
  return violations;
}
