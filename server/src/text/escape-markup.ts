// The one escaper for markup: HTML pages and webviews (report/html.ts builds every page through it), JUnit XML and
// the templates' `escape` filter. The five characters cover element content and quoted attribute values in both
// HTML and XML, so one function serves all three and they cannot drift apart.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** `text` with `& < > " '` replaced by entities, safe inside an element or a quoted attribute value. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}
