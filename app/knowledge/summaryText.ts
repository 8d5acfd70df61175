/** Fields whose text says what the request is about, in the order they are looked at. */
const SUMMARY_FIELDS = ['summary', 'title', 'subject', 'description', 'incidentDescription', 'details'];

/** What to search the knowledge base for while a request form is filled in: its summary-like fields. */
export function summaryText(data: Record<string, unknown>): string {
  const texts = SUMMARY_FIELDS.map((k) => data[k]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
  return texts.slice(0, 2).join(' ').slice(0, 300);
}
