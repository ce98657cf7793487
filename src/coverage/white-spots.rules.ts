import type { HeaderLanguage } from '../platform/api-schema.ts';
import type { Table } from '../platform/spreadsheet.ts';

export interface WhiteSpotOperator {
  operatorCode: string;
  technology: string;
  quality: string;
}

export interface WhiteSpot {
  villageCode: string;
  villageName: string;
  isDemo: boolean;
  communeCode: string;
  communeName: string;
  bestStableTechnology: string | null;
  withoutMobile: boolean;
  withoutBroadband: boolean;
  operators: WhiteSpotOperator[];
}

/** The white-spots download in both languages, the one place its words live; officers send the Vietnamese one on. */
const WORDS = {
  vi: {
    header: ['Xã, phường', 'Thôn, bản', 'Công nghệ ổn định tốt nhất', 'Thiếu 3G/4G ổn định', 'Chưa có cáp quang', 'Nhà mạng', 'demo'],
    quality: { stable: 'ổn định', unstable: 'chập chờn', none: 'không có sóng' } as Record<string, string>,
  },
  en: {
    header: ['Commune or ward', 'Village', 'Best stable technology', 'No stable 3G/4G', 'No fibre', 'Operators', 'demo'],
    quality: { stable: 'stable', unstable: 'unstable', none: 'no signal' } as Record<string, string>,
  },
} as const;

const byName = new Intl.Collator('vi');

/** True when the operator is present in the village, whatever its technology or quality. */
export const hasOperator = (spot: WhiteSpot, operatorCode: string): boolean => spot.operators.some((o) => o.operatorCode === operatorCode);

/**
 * The white spots as the dashboard lists them (by commune, then village, in Vietnamese order): the
 * gaps as 0/1 so a spreadsheet can sum them, each operator as "Viettel 4G (ổn định)".
 */
export function whiteSpotsTable(spots: readonly WhiteSpot[], operatorNames: ReadonlyMap<string, string>, lang: HeaderLanguage): Table {
  const words = WORDS[lang];
  const operatorText = (spot: WhiteSpot) =>
    spot.operators.map((o) => `${operatorNames.get(o.operatorCode) ?? o.operatorCode} ${o.technology} (${words.quality[o.quality] ?? o.quality})`).join('; ');
  const sorted = [...spots].sort((a, b) => byName.compare(a.communeName, b.communeName) || byName.compare(a.villageName, b.villageName));
  return {
    header: words.header,
    rows: sorted.map((spot) => [
      spot.communeName,
      spot.villageName,
      spot.bestStableTechnology ?? '',
      spot.withoutMobile ? 1 : 0,
      spot.withoutBroadband ? 1 : 0,
      operatorText(spot),
      spot.isDemo ? 1 : 0,
    ]),
  };
}

/** `vung-lom-song-2025`, with the operator when the list is narrowed to it (the extension is the format's). */
export const whiteSpotsFileName = (year: number, operatorCode?: string): string => `vung-lom-song-${year}${operatorCode ? `-${operatorCode}` : ''}`;
