import type { Directive } from 'vue';

/**
 * `v-cell-labels` on a <table>: gives every body cell a `data-label` with its column's heading,
 * so on a phone the table shows each row as a card ("Priority: High") — see `.cards` in
 * styles.css. The labels follow the headings after every update (columns that come and go).
 */
function label(table: HTMLTableElement): void {
  // Plain DOM queries (not tHead.rows / tBodies), which every DOM, test DOMs included, has.
  const headRow = table.querySelector(':scope > thead > tr');
  const heads = [...(headRow?.children ?? [])].map((c) => (c.getAttribute('aria-label') ?? c.textContent ?? '').trim());
  table.classList.add('cards');
  for (const row of table.querySelectorAll(':scope > tbody > tr')) {
    let col = 0;
    for (const cell of row.children) {
      const text = heads[col] ?? '';
      if (text) cell.setAttribute('data-label', text);
      else cell.removeAttribute('data-label');
      col += Number(cell.getAttribute('colspan') ?? 1) || 1;
    }
  }
}

export const vCellLabels: Directive<HTMLTableElement> = { mounted: label, updated: label };
