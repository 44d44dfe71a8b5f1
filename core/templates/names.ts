/** How the same person is known under names typed or pasted in different ways. */

/**
 * How names match: trimmed, spaces collapsed (the no-break and ideographic space too), characters of
 * no width dropped (they come with names copied from web pages and chat), Unicode NFC,
 * case-insensitive (as the sheets' own lookups).
 */
export function nameKey(name: string): string {
  return name.normalize('NFC').replace(/[\u200b-\u200d\u2060\ufeff]/g, '').trim().replace(/\s+/g, ' ').toLowerCase();
}
