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
