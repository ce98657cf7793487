/**
 * Folds Vietnamese text for search: lower case, no diacritics, đ → d.
 * Removing every combining mark also makes old and new tone placement equal ("Hoà" = "Hòa").
 */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[_\s]+/g, ' ')
    .trim();
}

// What shows nothing yet makes two labels differ: zero-width spaces and joiners, the BOM, soft
// hyphens, bidi marks, embeddings, overrides and isolates (Unicode's default-ignorable set), and
// control characters other than the whitespace ones, which become spaces below.
const INVISIBLE = /(?![\t\n\v\f\r])[\p{Default_Ignorable_Code_Point}\p{Cc}]/gu;

/**
 * One form for a name or label a person types, so "Hộ 001" typed on a phone in NFD, pasted with a
 * no-break space or wrapped in a right-to-left override is the "Hộ 001" already in the register:
 * invisible characters out, every kind of space one space, trimmed, then NFC (last, because a
 * removed joiner may have kept a letter and its mark apart).
 */
export function normalizePersonText(text: string): string {
  return text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim().normalize('NFC');
}

// PostgreSQL's text and json cannot hold a NUL character or half of a UTF-16 surrogate pair, and
// nesting deep enough exhausts its json parser's stack. No honest request nests more than a few levels.
const MAX_DEPTH = 32;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const unstorable = (text: string) => text.includes('\u0000') || LONE_SURROGATE.test(text);

/**
 * Where, in a parsed request (a body, a query), the first text a database cannot store is, as a
 * dotted field path ('' for the value itself); undefined when everything can be stored.
 */
export function unstorableTextAt(value: unknown, path: readonly string[] = []): string | undefined {
  if (typeof value === 'string') return unstorable(value) ? path.join('.') : undefined;
  // A file's bytes (an import) are read, and checked, by their own decoder.
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return undefined;
  if (path.length > MAX_DEPTH) return path.join('.');
  for (const [key, inner] of Object.entries(value)) {
    if (unstorable(key)) return path.join('.');
    const at = unstorableTextAt(inner, [...path, key]);
    if (at !== undefined) return at;
  }
  return undefined;
}
