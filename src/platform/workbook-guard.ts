import { inflateRawSync } from 'node:zlib';
import { badRequest } from './errors.ts';
import { IMPORT_ROW_LIMIT } from './spreadsheet-options.ts';

/** An .xlsx holds a dozen parts; thousands are a file made to exhaust the reader. */
const ENTRY_LIMIT = 1_000;
/** A province's 200,000 households unpack to well under this; a zip bomb to far more. */
export const UNPACKED_LIMIT = 256 * 1024 * 1024;
/** Spreadsheet XML compresses 10–50×; a part packed far tighter than that is built to explode. */
const RATIO_LIMIT = 200;
const RATIO_FLOOR = 1024 * 1024;

export const badWorkbook = () =>
  badRequest('import.bad_workbook', {
    vi: 'Không mở được tệp .xlsx: tệp bị hỏng hoặc không phải bảng tính Excel.',
    en: 'The .xlsx file cannot be opened: it is damaged or not an Excel workbook.',
  });

const tooLargeUnpacked = () =>
  badRequest('import.file_too_large_unpacked', {
    vi: `Tệp .xlsx khi giải nén vượt quá ${UNPACKED_LIMIT / 1024 / 1024} MB hoặc chứa quá nhiều phần: không đọc tệp này. Hãy lưu lại bằng Excel hoặc chia thành nhiều tệp nhỏ hơn.`,
    en: `The .xlsx file unpacks to more than ${UNPACKED_LIMIT / 1024 / 1024} MB or holds too many parts: it was not read. Save it again in Excel, or split it into smaller files.`,
  });

const unsafeXml = (part: string) =>
  badRequest('import.unsafe_xml', {
    vi: `Phần ${part} của tệp .xlsx khai báo DOCTYPE hoặc ENTITY, điều Excel không bao giờ ghi: không đọc tệp này.`,
    en: `The part ${part} of the .xlsx file declares a DOCTYPE or an ENTITY, which Excel never writes: the file was not read.`,
  });

export const tooManyRows = (rows: number) =>
  badRequest('import.too_many_rows', {
    vi: `Tệp có ${rows.toLocaleString('vi-VN')} dòng, vượt giới hạn ${IMPORT_ROW_LIMIT.toLocaleString('vi-VN')} dòng một lần nhập. Hãy chia thành nhiều tệp nhỏ hơn.`,
    en: `The file has ${rows.toLocaleString('en')} rows, over the limit of ${IMPORT_ROW_LIMIT.toLocaleString('en')} rows per import. Split it into smaller files.`,
  });

interface Entry {
  name: string;
  method: number;
  packed: number;
  offset: number;
}

/** The entries of a ZIP archive's central directory, found from its end record. */
function entries(zip: Buffer): Entry[] {
  // The end record is the last 22 bytes, or further back behind a comment of up to 64 KB.
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw badWorkbook();
  const count = zip.readUInt16LE(end + 10);
  if (count > ENTRY_LIMIT) throw tooLargeUnpacked();
  const found: Entry[] = [];
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== 0x02014b50) throw badWorkbook();
    const nameLength = zip.readUInt16LE(at + 28);
    found.push({
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      packed: zip.readUInt32LE(at + 20),
      offset: zip.readUInt32LE(at + 42),
    });
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return found;
}

/** One entry's bytes, unpacked up to `budget` bytes: the sizes an archive declares may lie, the inflater's limit does not. */
function unpack(zip: Buffer, entry: Entry, budget: number): Buffer {
  const at = entry.offset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== 0x04034b50) throw badWorkbook();
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const packed = zip.subarray(start, start + entry.packed);
  if (entry.method === 0) {
    if (packed.length > budget) throw tooLargeUnpacked();
    return packed;
  }
  if (entry.method !== 8) throw badWorkbook();
  try {
    return inflateRawSync(packed, { maxOutputLength: Math.max(1, budget) });
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLargeUnpacked();
    throw badWorkbook();
  }
}

const MARKUP_DECLARATION = /^(DOCTYPE|ENTITY)/i;

/** "<!" in UTF-8, UTF-16LE and UTF-16BE: the letters after it, NULs dropped, read the same in all three. */
const DECLARATION_STARTS = ['<!', '<\0!\0', '\0<\0!'].map((s) => Buffer.from(s, 'latin1'));

/** Whether XML bytes declare a DOCTYPE or an ENTITY: the door to entity expansion (billion laughs) and external entities. */
function declaresEntities(xml: Buffer): boolean {
  for (const needle of DECLARATION_STARTS) {
    for (let at = xml.indexOf(needle); at >= 0; at = xml.indexOf(needle, at + 1)) {
      const after = xml
        .subarray(at + needle.length, at + needle.length + 16)
        .toString('latin1')
        .replaceAll('\0', '');
      if (MARKUP_DECLARATION.test(after)) return true;
    }
  }
  return false;
}

/** The last row a worksheet's `<dimension ref="A1:K200001"/>` declares, when it has one. */
function declaredRows(xml: Buffer): number {
  const match = /<(?:\w+:)?dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"/.exec(xml.toString('utf8', 0, 4096));
  return match ? Number(match[1]) : 0;
}

/**
 * Looks at an .xlsx archive before the workbook reader does, and refuses what would exhaust or
 * subvert it: too many parts, too many bytes once unpacked (every part is inflated under a running
 * budget, whatever sizes the archive declares), a part packed like a zip bomb, XML declaring a
 * DOCTYPE or entities (billion laughs, external entities), and a sheet declaring more rows than an
 * import takes.
 */
export function checkWorkbookArchive(bytes: Uint8Array): void {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let budget = UNPACKED_LIMIT;
  for (const entry of entries(zip)) {
    const part = unpack(zip, entry, budget);
    budget -= part.length;
    if (part.length > RATIO_FLOOR && part.length > entry.packed * RATIO_LIMIT) throw tooLargeUnpacked();
    if (!/\.(xml|rels|vml)$/i.test(entry.name)) continue;
    if (declaresEntities(part)) throw unsafeXml(entry.name);
    const rows = /^xl\/worksheets\//.test(entry.name) ? declaredRows(part) : 0;
    // The header is row 1.
    if (rows - 1 > IMPORT_ROW_LIMIT) throw tooManyRows(rows - 1);
  }
}
