/**
 * A read-only diagram (request status, heatmap) labels its steps in the reader's language: for a
 * German reader each element's esm:nameDe replaces its default name in the XML before import. The
 * modeller never does this — it edits both names.
 */
const ESM = 'urn:lotse:esm:1';

export function diagramInLanguage(xml: string, locale: string): string {
  if (!(locale === 'de' || locale.startsWith('de-')) || !xml.includes('nameDe')) return xml;
  const doc = new DOMParser().parseFromString(xml, 'application/xml');
  if (doc.getElementsByTagName('parsererror').length) return xml;
  for (const el of Array.from(doc.getElementsByTagName('*'))) {
    // By namespace where the parser keeps it, else by the attribute's qualified name.
    const attr = Array.from(el.attributes).find((a) => a.name.endsWith(':nameDe') && (!a.namespaceURI || a.namespaceURI === ESM));
    if (attr?.value) el.setAttribute('name', attr.value);
  }
  return new XMLSerializer().serializeToString(doc);
}
