import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { AppError } from './errors.ts';
import { IMPORT_ROW_LIMIT } from './spreadsheet-options.ts';
import { readSpreadsheet, writeWorkbook } from './spreadsheet.ts';

/** Hostile workbooks are made here, small on disk, never committed. */

interface Part {
  name: string;
  data: Buffer;
  /** Where the central directory says the part is; several entries may point at one part. */
  at?: number;
}

/** A ZIP archive: each part deflated (CRCs left at zero: the guard refuses before anything checks them). */
function zip(parts: readonly Part[], overlapping: readonly string[] = []): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const entry = (name: string, packedLength: number, at: number) => {
    const head = Buffer.alloc(46);
    head.writeUInt32LE(0x02014b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(20, 6);
    head.writeUInt16LE(8, 10);
    head.writeUInt32LE(packedLength, 20);
    // A small declared size, as a zip bomb declares: the guard must not believe it.
    head.writeUInt32LE(100, 24);
    head.writeUInt16LE(Buffer.byteLength(name), 28);
    head.writeUInt32LE(at, 42);
    central.push(head, Buffer.from(name));
  };
  for (const part of parts) {
    const packed = deflateRawSync(part.data);
    const head = Buffer.alloc(30);
    head.writeUInt32LE(0x04034b50, 0);
    head.writeUInt16LE(20, 4);
    head.writeUInt16LE(8, 8);
    head.writeUInt32LE(packed.length, 18);
    head.writeUInt32LE(100, 22);
    head.writeUInt16LE(Buffer.byteLength(part.name), 26);
    entry(part.name, packed.length, offset);
    for (const name of overlapping) entry(name, packed.length, offset);
    locals.push(head, Buffer.from(part.name), packed);
    offset += head.length + Buffer.byteLength(part.name) + packed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  const count = central.length / 2;
  end.writeUInt16LE(Math.min(count, 0xffff), 8);
  end.writeUInt16LE(Math.min(count, 0xffff), 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const sheet = (body: string, prolog = '') =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${prolog}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${body}</worksheet>`;

const BILLION_LAUGHS = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>`;

/** Text that packs about tenfold, like real sheet XML (a seeded generator: the same bytes every run). */
function looselyPacking(bytes: number): Buffer {
  const out = Buffer.alloc(bytes);
  let seed = 12345;
  for (let i = 0; i < bytes; i++) {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    out[i] = seed & 0x10000 ? 0x61 : 0x62;
  }
  return out;
}

async function refusal(bytes: Uint8Array): Promise<AppError> {
  const error = await readSpreadsheet(bytes).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppError)) throw new Error(`expected a refusal, got ${String(error)}`);
  expect(error.text.vi).not.toBe(error.text.en);
  return error;
}

describe('an uploaded workbook made to harm the reader', () => {
  it('is refused when a part unpacks far beyond its packed size (a zip bomb), whatever size the archive declares', async () => {
    const bomb = zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(8 * 1024 * 1024, 0x20) }]);
    expect(bomb.length).toBeLessThan(64 * 1024);
    expect((await refusal(bomb)).code).toBe('import.file_too_large_unpacked');
  });

  it('is refused when its entries together unpack over the limit, even many entries pointing at one part', async () => {
    const names = Array.from({ length: 150 }, (_, i) => `xl/media/image${i}.bin`);
    const archive = zip([{ name: 'xl/media/image.bin', data: looselyPacking(2 * 1024 * 1024) }], names);
    expect(archive.length).toBeLessThan(1024 * 1024);
    expect((await refusal(archive)).code).toBe('import.file_too_large_unpacked');
  });

  it('is refused when it holds thousands of parts', async () => {
    const parts = Array.from({ length: 1_001 }, (_, i) => ({ name: `xl/p${i}.xml`, data: Buffer.from('<a/>') }));
    expect((await refusal(zip(parts))).code).toBe('import.file_too_large_unpacked');
  });

  it.each([
    ['a DOCTYPE with entities (billion laughs)', Buffer.from(sheet('<sheetData/>', BILLION_LAUGHS))],
    ['an external entity', Buffer.from(sheet('<sheetData/>', '<!doctype x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'))],
    ['a DOCTYPE in UTF-16LE', Buffer.from(`\uFEFF${sheet('<sheetData/>', BILLION_LAUGHS)}`, 'utf16le')],
    ['a DOCTYPE in UTF-16BE', Buffer.from(`\uFEFF${sheet('<sheetData/>', BILLION_LAUGHS)}`, 'utf16le').swap16()],
  ])('is refused when its sheet XML declares %s, naming the part', async (_case, xml) => {
    const error = await refusal(zip([{ name: 'xl/worksheets/sheet1.xml', data: xml }]));
    expect([error.status, error.code]).toEqual([400, 'import.unsafe_xml']);
    expect(error.text.en).toContain('xl/worksheets/sheet1.xml');
  });

  it('is refused when a sheet declares more rows than an import takes', async () => {
    const declared = sheet(`<dimension ref="A1:K${IMPORT_ROW_LIMIT + 2}"/><sheetData/>`);
    const error = await refusal(zip([{ name: 'xl/worksheets/sheet1.xml', data: Buffer.from(declared) }]));
    expect(error.code).toBe('import.too_many_rows');
  });

  it('refuses a CSV with more rows than an import takes', async () => {
    const csv = Buffer.from(`so\n${'1\n'.repeat(IMPORT_ROW_LIMIT + 1)}`);
    expect((await refusal(csv)).code).toBe('import.too_many_rows');
  });

  it('is refused as damaged, not crashed on, when its directory points nowhere', async () => {
    const archive = zip([{ name: 'xl/workbook.xml', data: Buffer.from('<a/>') }]);
    archive.writeUInt32LE(archive.length, archive.length - 6);
    expect((await refusal(archive)).code).toBe('import.bad_workbook');
  });

  it('still reads a workbook as Excel writes it', async () => {
    const bytes = await writeWorkbook({ header: ['ten', 'so'], rows: [['Hộ 001', 6]] }, 'Ho gia dinh');
    expect(await readSpreadsheet(bytes)).toEqual({ header: ['ten', 'so'], rows: [{ row: 2, cells: ['Hộ 001', 6] }] });
  });
});
