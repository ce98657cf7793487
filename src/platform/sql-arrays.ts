/**
 * A PostgreSQL array literal of one field of every item, sent as one text parameter and cast in
 * SQL (`$1::uuid[]`): both drivers would otherwise escape 20,000 values one by one, which costs
 * more than the insert. Text is always quoted, so commas, quotes and braces survive.
 */
export function arrayOf<T>(items: readonly T[], pick: (item: T) => string | number | boolean | null | undefined): string {
  let literal = '{';
  for (let i = 0; i < items.length; i++) {
    const value = pick(items[i] as T);
    if (i > 0) literal += ',';
    // An unquoted NULL is SQL null; a quoted "NULL" stays the text.
    literal +=
      value === null || value === undefined
        ? 'NULL'
        : typeof value === 'string'
          ? `"${/[\\"]/.test(value) ? value.replace(/[\\"]/g, '\\$&') : value}"`
          : String(value);
  }
  return `${literal}}`;
}

export const arrayLiteral = (values: readonly string[]) => arrayOf(values, (v) => v);
