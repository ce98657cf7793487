import { foldForSearch } from '../platform/text.ts';

/** The units a village producer sells by: a bunch of herbs (bó), a bottle of liquor (chai), a dose of medicine (thang)… */
export const PRODUCT_UNITS = ['kg', 'lạng', 'g', 'bó', 'chai', 'lọ', 'hộp', 'gói', 'túi', 'thang', 'cái', 'con', 'quả', 'lít', 'bao'] as const;
export type ProductUnit = (typeof PRODUCT_UNITS)[number];

/**
 * A shop's address from its name, without diacritics so that it survives being typed, shared on
 * Zalo and read aloud: "Thuốc nam Bà Tẩn, Lăng Đồng" → "thuoc-nam-ba-tan-lang-dong".
 */
export function shopSlugOf(name: string): string {
  const slug = foldForSearch(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return slug || 'cua-hang';
}
