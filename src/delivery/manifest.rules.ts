import { z } from 'zod';
import type { Issue } from '../platform/errors.ts';
import { foldForSearch } from '../platform/text.ts';
import { cellText, type Cell } from '../platform/spreadsheet.ts';
import { CellProblem, date, integer, text, villageCodeCell, type Codec, type RowKind } from '../imports/index.ts';
import { checkParcel, DEFAULT_WINDOW, minutesOfDay, phoneE164, timeOfDay, TRACKING_CODE_MAX } from './parcel.rules.ts';

/** A time of day: "08:30", "8h30", or an Excel time cell (a fraction of a day). Minutes after midnight inside. */
export const timeCell: Codec<number> = {
  read(cell: Cell) {
    if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return undefined;
    if (typeof cell === 'number' && cell >= 0 && cell <= 1) return Math.round(cell * 1440);
    if (cell instanceof Date) return cell.getUTCHours() * 60 + cell.getUTCMinutes();
    const minutes = minutesOfDay(cellText(cell));
    if (minutes !== undefined) return minutes;
    return new CellProblem('manifest.bad_time', {
      vi: `Giờ không hợp lệ: "${cellText(cell)}". Viết dạng 08:30.`,
      en: `Not a time of day: "${cellText(cell)}". Write it 08:30.`,
    });
  },
  write: (minutes) => timeOfDay(minutes),
};

export interface ManifestRow {
  trackingCode: string;
  recipientName: string;
  phone: string;
  villageCode?: string | undefined;
  address?: string | undefined;
  codAmount: number;
  weightGrams: number;
  windowStart?: number | undefined;
  windowEnd?: number | undefined;
  dueOn?: string | undefined;
}

const manifestRow = z.object({
  trackingCode: z.string().min(1).max(TRACKING_CODE_MAX),
  recipientName: z.string().min(1).max(120),
  phone: z.string().min(1).max(20),
  villageCode: z.string().optional(),
  address: z.string().min(3).max(300).optional(),
  codAmount: z.number().int(),
  weightGrams: z.number().int(),
  windowStart: z.number().int().optional(),
  windowEnd: z.number().int().optional(),
  dueOn: z.string().optional(),
});

const issue = (code: string, field: string, vi: string, en: string): Issue => ({ code, field, message: { vi, en } });

/** A carrier's manifest: one parcel a row, with the Vietnamese headers a hub's spreadsheet carries. */
export const MANIFEST: RowKind<ManifestRow> = {
  columns: [
    { field: 'trackingCode', header: 'Mã vận đơn', aliases: ['Tracking code', 'trackingCode', 'Mã bưu gửi'], codec: text },
    { field: 'recipientName', header: 'Người nhận', aliases: ['Recipient', 'recipientName', 'Tên người nhận'], codec: text },
    { field: 'phone', header: 'Số điện thoại', aliases: ['Phone', 'SĐT', 'Điện thoại'], codec: text },
    { field: 'villageCode', header: 'Mã thôn/bản', aliases: ['Village code', 'villageCode'], codec: villageCodeCell, optional: true },
    { field: 'address', header: 'Địa chỉ', aliases: ['Address', 'Địa chỉ nhận'], codec: text, optional: true },
    { field: 'codAmount', header: 'Tiền thu hộ', aliases: ['COD', 'COD amount', 'codAmount', 'Thu hộ'], codec: integer },
    { field: 'weightGrams', header: 'Khối lượng (gam)', aliases: ['Weight (g)', 'weightGrams', 'Khối lượng'], codec: integer },
    { field: 'windowStart', header: 'Giao từ', aliases: ['Window start', 'windowStart', 'Từ giờ'], codec: timeCell, optional: true },
    { field: 'windowEnd', header: 'Giao đến', aliases: ['Window end', 'windowEnd', 'Đến giờ'], codec: timeCell, optional: true },
    { field: 'dueOn', header: 'Ngày giao', aliases: ['Delivery day', 'dueOn'], codec: date, optional: true },
  ],
  schema: manifestRow,
  check(row, today) {
    const issues = checkParcel({
      codAmount: row.codAmount,
      weightGrams: row.weightGrams,
      windowStart: row.windowStart ?? DEFAULT_WINDOW.start,
      windowEnd: row.windowEnd ?? DEFAULT_WINDOW.end,
    });
    if (phoneE164(row.phone) === null)
      issues.push(
        issue('parcel.phone_invalid', 'phone', 'Số điện thoại không hợp lệ (ví dụ 0912 345 678).', 'Not a Vietnamese phone number (e.g. 0912 345 678).'),
      );
    if (!row.villageCode && !row.address)
      issues.push(
        issue('manifest.no_destination', 'villageCode', 'Cần mã thôn/bản hoặc địa chỉ người nhận.', 'A village code or the recipient’s address is needed.'),
      );
    if ((row.windowStart === undefined) !== (row.windowEnd === undefined))
      issues.push(issue('parcel.window_half', 'windowEnd', 'Khung giờ cần cả giờ giao từ và giờ giao đến.', 'A window needs both its start and its end.'));
    if (row.dueOn !== undefined && row.dueOn < today) issues.push(issue('manifest.due_in_past', 'dueOn', 'Ngày giao đã qua.', 'The delivery day has passed.'));
    return issues;
  },
  key: (row) => foldForSearch(row.trackingCode),
  duplicate: { field: 'trackingCode', sameness: { vi: 'cùng mã vận đơn', en: 'the same tracking code' } },
};

const KIND_WORDS = /^(thon|ban|khoi pho|khoi|xom|lang|to dan pho)\s+/;
const COMMUNE_WORDS = /^(xa|phuong|thi tran|tt)\s+/;

/**
 * A free-text address split the way people write it ("Thôn Nà Làng, xã Châu Sơn", "Hin Đăm -
 * Kiên Mộc"): the village's name first, then, if written, its commune's; folded, without the
 * words for the kind of unit, which the register may spell otherwise (thôn/bản).
 */
export function addressParts(address: string): { village: string; commune: string | undefined } {
  const [village = '', commune] = address
    .split(/[,;–-]/)
    .map((part) => foldForSearch(part))
    .filter(Boolean);
  return { village: village.replace(KIND_WORDS, ''), commune: commune?.replace(COMMUNE_WORDS, '').replace(/\s*(huyen|tinh)\s.*$/, '') };
}
