import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { badRequest, type Message } from './errors.ts';
import type { CsvEncoding } from './spreadsheet-options.ts';

// Defined beside the size limit, where the web page reads them too.
export { CSV_ENCODINGS, type CsvEncoding } from './spreadsheet-options.ts';
export type TextEncoding = Exclude<CsvEncoding, 'auto'>;

const NAMES: Record<TextEncoding, string> = { 'utf-8': 'UTF-8', 'utf-16le': 'UTF-16LE', 'utf-16be': 'UTF-16BE', 'windows-1258': 'Windows-1258' };

/** Longest first: the UTF-8 mark cannot be mistaken for the others, and no UTF-32 mark is accepted. */
const BOMS: readonly { encoding: TextEncoding; bytes: readonly number[] }[] = [
  { encoding: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { encoding: 'utf-16le', bytes: [0xff, 0xfe] },
  { encoding: 'utf-16be', bytes: [0xfe, 0xff] },
];

/** How much of a file the guesses look at: the header and the first rows are enough to tell. */
const SAMPLE = 64 * 1024;

export interface Detected {
  encoding: TextEncoding;
  /** Bytes of byte-order mark to skip before the text. */
  bomLength: number;
}

const saveAsUtf8: Message = {
  vi: 'Trong Excel, chọn "Lưu thành" (Save As) → "CSV UTF-8 (phân cách bằng dấu phẩy)", hoặc gửi tệp .xlsx.',
  en: 'In Excel use Save As → "CSV UTF-8 (Comma delimited)", or send the .xlsx file.',
};

/** The bytes are not text in the encoding the caller chose (or, for `auto`, in any we know). */
export const badEncoding = (encoding: TextEncoding | 'auto') =>
  badRequest('import.bad_encoding', {
    vi:
      encoding === 'auto'
        ? `Không nhận ra bảng mã của tệp (không phải UTF-8, UTF-16 hay Windows-1258) nên chữ tiếng Việt sẽ bị lỗi. ${saveAsUtf8.vi}`
        : `Tệp không phải văn bản ${NAMES[encoding]} nên chữ tiếng Việt sẽ bị lỗi. Hãy chọn đúng bảng mã hoặc để hệ thống tự nhận. ${saveAsUtf8.vi}`,
    en:
      encoding === 'auto'
        ? `The file's encoding is not one we know (UTF-8, UTF-16 or Windows-1258), so Vietnamese letters would be garbled. ${saveAsUtf8.en}`
        : `The file is not ${NAMES[encoding]} text, so Vietnamese letters would be garbled. Choose the right encoding or let it be detected. ${saveAsUtf8.en}`,
  });

const encodingMismatch = (marked: TextEncoding, chosen: TextEncoding) =>
  badRequest('import.encoding_mismatch', {
    vi: `Tệp bắt đầu bằng dấu BOM của ${NAMES[marked]} nhưng bảng mã được chọn là ${NAMES[chosen]}. Hãy bỏ chọn bảng mã để hệ thống tự nhận.`,
    en: `The file starts with a ${NAMES[marked]} byte-order mark but ${NAMES[chosen]} was chosen. Leave the encoding out to have it detected.`,
  });

function bomOf(bytes: Uint8Array): Detected | undefined {
  const found = BOMS.find((bom) => bom.bytes.every((b, i) => bytes[i] === b));
  return found && { encoding: found.encoding, bomLength: found.bytes.length };
}

/**
 * UTF-16 saved without a BOM: no text file holds NUL bytes, but UTF-16 puts one beside every
 * ASCII letter, digit and separator, so a CSV in it is mostly NULs. The side they fall on gives
 * the byte order ("m\0" is little-endian). A stray NUL or two in a UTF-8 file does not count.
 */
function utf16WithoutBom(sample: Uint8Array): TextEncoding | undefined {
  let even = 0;
  let odd = 0;
  for (let i = 0; i < sample.length; i++) {
    if (sample[i] !== 0) continue;
    if (i % 2 === 0) even++;
    else odd++;
  }
  if ((even + odd) * 5 < sample.length) return undefined;
  return odd >= even ? 'utf-16le' : 'utf-16be';
}

/**
 * The encoding of a CSV file, in this order:
 * 1. a byte-order mark says it outright (UTF-8, UTF-16LE, UTF-16BE);
 * 2. NUL bytes in numbers only UTF-16 writes mean UTF-16 without a mark;
 * 3. bytes that are valid UTF-8 are UTF-8: pure ASCII reads the same in every candidate, and
 *    Windows-1258 text is almost never valid UTF-8 by chance, because its Vietnamese letters and
 *    tone marks are all bytes ≥ 0xC0, which UTF-8 only allows before a byte 0x80–0xBF, and those
 *    are symbols (curly quotes, dashes), not letters. "Hà" followed by a curly quote would fool
 *    it, but a whole file of such pairs and no other accented letter does not happen;
 * 4. anything else is Windows-1258, the code page Excel uses for "CSV" on a Vietnamese Windows:
 *    this product serves Vietnamese offices, where that is the one legacy encoding to expect.
 *    (Files typed in the older TCVN3/VNI font encodings are also 8-bit and would read as
 *    Windows-1258 mojibake; no byte test tells them apart, so they must be saved as UTF-8.)
 */
export function detectEncoding(bytes: Uint8Array): Detected {
  const bom = bomOf(bytes);
  if (bom) return bom;
  const utf16 = utf16WithoutBom(bytes.subarray(0, SAMPLE));
  if (utf16) return { encoding: utf16, bomLength: 0 };
  return { encoding: isUtf8(bytes) ? 'utf-8' : 'windows-1258', bomLength: 0 };
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): string {
  if (bytes.length % 2 !== 0) throw badEncoding(encoding);
  let little = bytes;
  if (encoding === 'utf-16be') {
    // Swapped into a copy and read as little-endian: Node reads UTF-16LE without the full ICU data.
    little = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i += 2) {
      little[i] = bytes[i + 1] ?? 0;
      little[i + 1] = bytes[i] ?? 0;
    }
  }
  try {
    return new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(little);
  } catch {
    throw badEncoding(encoding);
  }
}

function decodeAs(bytes: Uint8Array, encoding: TextEncoding, chosen: TextEncoding | 'auto'): string {
  if (encoding === 'utf-8') {
    if (!isUtf8(bytes)) throw badEncoding(chosen);
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8');
  }
  if (encoding === 'windows-1258') {
    const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), 'windows-1258');
    // Nine bytes have no character in the code page: a file holding one is in some other encoding.
    if (text.includes('\uFFFD')) throw badEncoding(chosen);
    return text;
  }
  return decodeUtf16(bytes, encoding);
}

/**
 * A CSV file's bytes as text, in the encoding detected (`auto`) or chosen. A byte-order mark is
 * dropped, at the start or inside; one that contradicts the chosen encoding is refused rather than read as letters.
 * The text is normalised to NFC: Windows-1258 writes most tone marks as separate combining
 * characters ("ộ" is "ô" + dot below), and a label must compare equal to the one the register
 * holds however the file spelled it.
 */
export function decodeText(bytes: Uint8Array, encoding: CsvEncoding = 'auto'): string {
  const bom = bomOf(bytes);
  let detected: Detected;
  if (encoding === 'auto') detected = detectEncoding(bytes);
  else if (bom && bom.encoding !== encoding) throw encodingMismatch(bom.encoding, encoding);
  else detected = { encoding, bomLength: bom?.bomLength ?? 0 };
  const text = decodeAs(bytes.subarray(detected.bomLength), detected.encoding, encoding);
  // A reversed mark inside UTF-16 text means the byte order changed halfway (two files joined): what follows would read as other letters.
  if (text.includes('\uFFFE')) throw badEncoding(encoding);
  // A mark inside the text (files joined, or a tool that writes one per chunk) is no letter: left in, it would cling to a cell and a label would not match.
  return text.replaceAll('\uFEFF', '').normalize('NFC');
}
