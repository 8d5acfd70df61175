/**
 * An accessibility check for browser tests, for the serious and critical rules of axe-core.
 * axe-core is not among the installed packages (and the helpers may not install one), so this
 * checks the same rules with what exists: Chromium's own accessibility tree (CDP) for accessible
 * names, and a script in the page for structure, scrolling regions and colour contrast. Rule ids
 * are axe's, so a later switch to axe-core keeps the test's meaning.
 */
import type { Page } from 'playwright-core';

export interface A11yViolation {
  rule: string;
  impact: 'serious' | 'critical';
  target: string;
  detail?: string;
}

/** Rules that need an accessible name: element marked by the page script → rule and impact. */
interface NameProbe {
  probe: string;
  rule: string;
  impact: 'serious' | 'critical';
  target: string;
}

/** Runs in the page: marks elements that need a name (data-a11y-probe) and reports structural violations. */
function pageScript(): { violations: A11yViolation[]; probes: NameProbe[] } {
  const violations: A11yViolation[] = [];
  const probes: NameProbe[] = [];
  const describe = (el: Element): string => {
    const parts: string[] = [];
    let e: Element | null = el;
    for (let i = 0; e && i < 4; i++, e = e.parentElement) {
      const id = e.id ? `#${e.id}` : '';
      const testid = e.getAttribute('data-testid') ? `[data-testid=${e.getAttribute('data-testid')}]` : '';
      const cls = typeof e.className === 'string' && e.className.trim() ? `.${e.className.trim().split(/\s+/).slice(0, 2).join('.')}` : '';
      parts.unshift(`${e.tagName.toLowerCase()}${id}${testid}${cls}`);
      if (id || testid) break;
    }
    return parts.join(' > ');
  };
  const hidden = (el: Element): boolean => {
    for (let e: Element | null = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.display === 'none' || s.visibility === 'hidden' || e.getAttribute('aria-hidden') === 'true' || (e as HTMLElement).hidden) return true;
    }
    return false;
  };
  let n = 0;
  const probe = (el: Element, rule: string, impact: 'serious' | 'critical') => {
    let id = el.getAttribute('data-a11y-probe');
    if (!id) {
      id = String(++n);
      el.setAttribute('data-a11y-probe', id);
    }
    probes.push({ probe: id, rule, impact, target: describe(el) });
  };
  const all = [...document.querySelectorAll('body *')].filter((el) => !hidden(el));

  // document-title, html-has-lang (serious)
  if (!document.title.trim()) violations.push({ rule: 'document-title', impact: 'serious', target: 'html' });
  if (!document.documentElement.lang) violations.push({ rule: 'html-has-lang', impact: 'serious', target: 'html' });
  // meta-viewport (critical): zoom must stay possible.
  const vp = document.querySelector('meta[name=viewport]')?.getAttribute('content') ?? '';
  if (/user-scalable\s*=\s*(no|0)|maximum-scale\s*=\s*(0|1(\.0+)?)(\D|$)/i.test(vp)) violations.push({ rule: 'meta-viewport', impact: 'critical', target: 'meta[name=viewport]' });

  const FOCUSABLE = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex], [contenteditable=true], iframe, audio[controls], video[controls]';
  const INTERACTIVE_ROLES = ['button', 'link', 'checkbox', 'radio', 'switch', 'tab', 'menuitem', 'menuitemcheckbox', 'menuitemradio', 'option', 'textbox', 'combobox', 'slider', 'spinbutton', 'searchbox', 'treeitem'];
  const isFocusable = (el: Element) => el.matches(FOCUSABLE) && !(el as HTMLButtonElement).disabled && el.getAttribute('tabindex') !== '-1';
  const isInteractive = (el: Element) => {
    const role = el.getAttribute('role');
    if (role) return INTERACTIVE_ROLES.includes(role);
    return el.matches('a[href], button, input:not([type=hidden]), select, textarea, summary');
  };

  for (const el of all) {
    const tag = el.tagName.toLowerCase();
    const role = el.getAttribute('role');
    // image-alt (critical), svg-img-alt / role-img-alt (serious), input-image-alt (critical)
    if (tag === 'img' && role !== 'presentation' && role !== 'none') probe(el, 'image-alt', 'critical');
    if (role === 'img') probe(el, tag === 'svg' ? 'svg-img-alt' : 'role-img-alt', 'serious');
    if (tag === 'input' && (el as HTMLInputElement).type === 'image') probe(el, 'input-image-alt', 'critical');
    // button-name (critical), link-name (serious), label / select-name (critical), aria names (serious)
    if (tag === 'button' || (tag === 'input' && ['button', 'submit', 'reset'].includes((el as HTMLInputElement).type))) probe(el, 'button-name', 'critical');
    else if (tag === 'a' && el.hasAttribute('href')) probe(el, 'link-name', 'serious');
    else if (tag === 'select') probe(el, 'select-name', 'critical');
    else if (tag === 'textarea' || (tag === 'input' && !['hidden', 'button', 'submit', 'reset', 'image'].includes((el as HTMLInputElement).type))) probe(el, 'label', 'critical');
    else if (role && ['combobox', 'listbox', 'searchbox', 'slider', 'spinbutton', 'textbox'].includes(role)) probe(el, 'aria-input-field-name', 'serious');
    else if (role && ['checkbox', 'menuitemcheckbox', 'menuitemradio', 'radio', 'switch', 'option'].includes(role)) probe(el, 'aria-toggle-field-name', 'serious');
    else if (role && ['button', 'link', 'menuitem'].includes(role)) probe(el, 'aria-command-name', 'serious');
    else if (role && ['meter', 'progressbar'].includes(role)) probe(el, `aria-${role}-name`, 'serious');
    else if (tag === 'meter' || tag === 'progress') probe(el, `aria-${tag === 'meter' ? 'meter' : 'progressbar'}-name`, 'serious');
    else if (tag === 'iframe') probe(el, 'frame-title', 'serious');

    // nested-interactive (serious): a control with focusable content inside.
    if (isInteractive(el) && !['select', 'textarea'].includes(tag)) {
      const inner = [...el.querySelectorAll(FOCUSABLE)].find((c) => isFocusable(c) && !hidden(c));
      if (inner) violations.push({ rule: 'nested-interactive', impact: 'serious', target: describe(el), detail: `contains ${describe(inner)}` });
    }
    // aria-hidden-focus (serious) is covered below for hidden subtrees.
    // list / listitem (serious)
    if ((tag === 'ul' || tag === 'ol') && !role) {
      const bad = [...el.children].find((c) => !['LI', 'SCRIPT', 'TEMPLATE'].includes(c.tagName) && !['presentation', 'none'].includes(c.getAttribute('role') ?? ''));
      if (bad) violations.push({ rule: 'list', impact: 'serious', target: describe(el), detail: `child ${describe(bad)}` });
    }
    if (tag === 'li' && !role) {
      const parent = el.parentElement;
      const ok = parent && (['UL', 'OL', 'MENU'].includes(parent.tagName) ? !parent.getAttribute('role') || parent.getAttribute('role') === 'list' : parent.getAttribute('role') === 'list');
      if (!ok) violations.push({ rule: 'listitem', impact: 'serious', target: describe(el) });
    }
    // aria-required-children / aria-required-parent (critical), for the composite widgets the app uses.
    const REQUIRED_CHILDREN: Record<string, string[]> = { listbox: ['option', 'group'], tablist: ['tab'], menu: ['menuitem', 'menuitemcheckbox', 'menuitemradio', 'group'], menubar: ['menuitem', 'menuitemcheckbox', 'menuitemradio', 'group'], radiogroup: ['radio'], tree: ['treeitem', 'group'] };
    if (role && REQUIRED_CHILDREN[role] && el.getAttribute('aria-busy') !== 'true') {
      const owned = [...el.querySelectorAll('[role]')].filter((c) => !hidden(c));
      const roles = owned.map((c) => c.getAttribute('role')!);
      const native = role === 'radiogroup' ? [...el.querySelectorAll('input[type=radio]')] : [];
      if (!roles.some((r) => REQUIRED_CHILDREN[role].includes(r)) && native.length === 0) violations.push({ rule: 'aria-required-children', impact: 'critical', target: describe(el) });
    }
    const REQUIRED_PARENT: Record<string, string[]> = { option: ['listbox', 'group', 'combobox'], tab: ['tablist'], menuitem: ['menu', 'menubar', 'group'], treeitem: ['tree', 'group'], row: ['table', 'grid', 'treegrid', 'rowgroup'], listitem: ['list', 'directory'] };
    if (role && REQUIRED_PARENT[role]) {
      let p = el.parentElement;
      let found = false;
      while (p) {
        const pr = p.getAttribute('role') ?? (p.tagName === 'TABLE' ? 'table' : p.tagName === 'UL' || p.tagName === 'OL' ? 'list' : ['TBODY', 'THEAD', 'TFOOT'].includes(p.tagName) ? 'rowgroup' : null);
        if (pr && REQUIRED_PARENT[role].includes(pr)) {
          found = true;
          break;
        }
        if (pr && !['presentation', 'none', 'generic'].includes(pr) && !(role === 'row' && pr === 'rowgroup')) break;
        p = p.parentElement;
      }
      if (!found) violations.push({ rule: 'aria-required-parent', impact: 'critical', target: describe(el) });
    }
    // scrollable-region-focusable (serious): content that scrolls must be reachable by keyboard.
    if (el instanceof HTMLElement && el.tagName !== 'SELECT' && el.tagName !== 'TEXTAREA') {
      const s = getComputedStyle(el);
      const scrollsX = /(auto|scroll)/.test(s.overflowX) && el.scrollWidth > el.clientWidth + 1;
      const scrollsY = /(auto|scroll)/.test(s.overflowY) && el.scrollHeight > el.clientHeight + 1;
      if ((scrollsX || scrollsY) && !isFocusable(el) && ![...el.querySelectorAll(FOCUSABLE)].some((c) => isFocusable(c) && !hidden(c))) {
        violations.push({ rule: 'scrollable-region-focusable', impact: 'serious', target: describe(el) });
      }
    }
  }

  // aria-hidden-focus (serious): focusable elements inside aria-hidden="true".
  for (const box of document.querySelectorAll('[aria-hidden=true]')) {
    const f = [box, ...box.querySelectorAll(FOCUSABLE)].find((c) => c.matches(FOCUSABLE) && isFocusable(c) && getComputedStyle(c).display !== 'none' && getComputedStyle(c).visibility !== 'hidden');
    if (f) violations.push({ rule: 'aria-hidden-focus', impact: 'serious', target: describe(f) });
  }

  // color-contrast (serious): text against the first opaque background behind it (WCAG AA).
  const parse = (c: string): [number, number, number, number] | null => {
    const m = /rgba?\(([^)]+)\)/.exec(c);
    if (!m) return null;
    const p = m[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p[3] ?? 1];
  };
  const blend = (top: [number, number, number, number], bottom: [number, number, number]): [number, number, number] => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])) as [number, number, number];
  const lum = (rgb: [number, number, number]) => {
    const [r, g, b] = rgb.map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const background = (el: Element): [number, number, number] | null => {
    const layers: [number, number, number, number][] = [];
    for (let e: Element | null = el; e; e = e.parentElement) {
      const s = getComputedStyle(e);
      if (s.backgroundImage !== 'none') return null; // gradients and pictures: axe calls these "incomplete"
      const c = parse(s.backgroundColor);
      if (c && c[3] > 0) {
        layers.push(c);
        if (c[3] >= 1) break;
      }
    }
    let rgb: [number, number, number] = [255, 255, 255];
    for (const layer of layers.reverse()) rgb = blend(layer, rgb);
    return rgb;
  };
  const seen = new Set<Element>();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || seen.has(el) || !node.textContent?.trim()) continue;
    seen.add(el);
    if (hidden(el) || el.closest('svg, option, .visually-hidden, [disabled], :disabled')) continue;
    const rect = el.getBoundingClientRect();
    if (rect.width < 2 || rect.height < 2) continue;
    const s = getComputedStyle(el);
    let opacity = 1;
    for (let e: Element | null = el; e; e = e.parentElement) opacity *= Number(getComputedStyle(e).opacity);
    if (opacity < 0.1) continue;
    const fg = parse(s.color);
    const bg = background(el);
    if (!fg || !bg) continue;
    const text = blend([fg[0], fg[1], fg[2], fg[3] * opacity], bg);
    const l1 = lum(text);
    const l2 = lum(bg);
    const ratio = (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    const size = parseFloat(s.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(s.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5) - 0.01) {
      violations.push({ rule: 'color-contrast', impact: 'serious', target: describe(el), detail: `${ratio.toFixed(2)}:1 "${node.textContent.trim().slice(0, 40)}" ${s.color} on rgb(${bg.map(Math.round).join(',')})` });
    }
  }
  return { violations, probes };
}

/** Serious and critical violations on the page as it is now. */
export async function checkA11y(page: Page): Promise<A11yViolation[]> {
  // Transpilers that keep function names (tsx) wrap functions in __name(); give the page a no-op one.
  await page.evaluate('globalThis.__name ??= (f) => f');
  const { violations, probes } = await page.evaluate(pageScript);
  if (probes.length === 0) return violations;
  // Accessible names as Chromium computes them (aria-labelledby, label, alt, title, content …).
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
    const byProbe = new Map<string, number>();
    const visit = (node: DomNode) => {
      const attrs = node.attributes ?? [];
      for (let i = 0; i < attrs.length; i += 2) if (attrs[i] === 'data-a11y-probe') byProbe.set(attrs[i + 1], node.backendNodeId);
      for (const c of node.children ?? []) visit(c);
      if (node.contentDocument) visit(node.contentDocument);
    };
    visit(root);
    const { nodes } = (await cdp.send('Accessibility.getFullAXTree')) as { nodes: AxNode[] };
    const names = new Map<number, string>();
    for (const ax of nodes) if (ax.backendDOMNodeId !== undefined && !ax.ignored) names.set(ax.backendDOMNodeId, String(ax.name?.value ?? '').trim());
    for (const p of probes) {
      const backend = byProbe.get(p.probe);
      if (backend === undefined) continue;
      const name = names.get(backend);
      // Not in the tree (ignored, display: contents): nothing a screen reader meets.
      if (name === '') violations.push({ rule: p.rule, impact: p.impact, target: p.target });
    }
  } finally {
    await cdp.detach();
    await page.evaluate(() => document.querySelectorAll('[data-a11y-probe]').forEach((e) => e.removeAttribute('data-a11y-probe')));
  }
  return violations;
}

interface DomNode {
  backendNodeId: number;
  attributes?: string[];
  children?: DomNode[];
  contentDocument?: DomNode;
}
interface AxNode {
  backendDOMNodeId?: number;
  ignored?: boolean;
  name?: { value?: unknown };
}
