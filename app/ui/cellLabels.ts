import type { Directive } from 'vue';

/**
 * `v-cell-labels` on a <table>: gives every body cell a `data-label` with its column's heading,
 * so on a phone the table shows each row as a card ("Priority: High") — see `.cards` in
 * styles.css. The labels follow the headings after every update (columns that come and go).
 */
function label(table: HTMLTableElement): void {
  const heads = [...(table.tHead?.rows[0]?.cells ?? [])].map((c) => (c.getAttribute('aria-label') ?? c.textContent ?? '').trim());
  table.classList.add('cards');
  for (const body of table.tBodies) {
    for (const row of body.rows) {
      let col = 0;
      for (const cell of row.cells) {
        const text = heads[col] ?? '';
        if (text) cell.setAttribute('data-label', text);
        else cell.removeAttribute('data-label');
        col += cell.colSpan || 1;
      }
    }
  }
}

export const vCellLabels: Directive<HTMLTableElement> = { mounted: label, updated: label };
