/**
 * The icons a catalog entry may carry (esm:catalog icon="…"), each a key, a glyph and a name in
 * i18n (easyInput.icon.names.<key>). Glyphs are emoji: no icon font to ship, and every platform
 * draws them. Keys the templates in processes/ use come first.
 */
export const CATALOG_ICONS: { key: string; glyph: string }[] = [
  { key: 'laptop', glyph: '💻' },
  { key: 'alert', glyph: '⚠️' },
  { key: 'wrench', glyph: '🔧' },
  { key: 'user-plus', glyph: '🧑‍💼' },
  { key: 'beach', glyph: '🏖️' },
  { key: 'git-branch', glyph: '🔀' },
  { key: 'shopping-cart', glyph: '🛒' },
  { key: 'message-circle', glyph: '💬' },
  { key: 'monitor', glyph: '🖥️' },
  { key: 'phone', glyph: '📱' },
  { key: 'headset', glyph: '🎧' },
  { key: 'printer', glyph: '🖨️' },
  { key: 'wifi', glyph: '📶' },
  { key: 'key', glyph: '🔑' },
  { key: 'lock', glyph: '🔒' },
  { key: 'shield', glyph: '🛡️' },
  { key: 'lightbulb', glyph: '💡' },
  { key: 'users', glyph: '👥' },
  { key: 'briefcase', glyph: '💼' },
  { key: 'calendar', glyph: '📅' },
  { key: 'clock', glyph: '🕒' },
  { key: 'money', glyph: '💶' },
  { key: 'truck', glyph: '🚚' },
  { key: 'building', glyph: '🏢' },
  { key: 'document', glyph: '📄' },
  { key: 'mail', glyph: '✉️' },
  { key: 'chart', glyph: '📊' },
  { key: 'globe', glyph: '🌐' },
  { key: 'heart', glyph: '❤️' },
  { key: 'star', glyph: '⭐' },
];

/** The glyph of an icon key; older models wrote PrimeIcons names ("pi-briefcase"), read as their plain key. */
export function iconGlyph(key: string | null | undefined): string | null {
  const plain = (key ?? '').replace(/^pi[- ]+/, '');
  return CATALOG_ICONS.find((i) => i.key === plain)?.glyph ?? null;
}
