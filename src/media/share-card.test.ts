import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderMediaStore, formatDong, renderShareCard, shareCardKey, type MediaStore, type ShareCard } from './index.ts';
import { CARD_FONT_FAMILY, cardSvg, type CardNode } from './share-card.ts';
import { storePhoto } from './store-photo.ts';

const HERBS: ShareCard = {
  title: 'Cao xương khớp thảo dược người Dao',
  priceDong: 250_000,
  shopName: 'Thuốc nam bà Triệu Thị Mùi',
  village: 'Lăng Đồng, xã Nhất Hòa',
  nextMarketDay: 'Phiên chợ tới: thứ Bảy 12/12/2026 · chợ Nhất Hòa',
};

/** Every letter of Vietnamese: the twelve vowels with each of the six tones, and đ; both cases. */
const VIETNAMESE_LETTERS = (() => {
  const vowels = [...'aăâeêioôơuưy'].flatMap((vowel) =>
    ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'].map((tone) => `${vowel}${tone}`.normalize('NFC')),
  );
  const lower = [...vowels, 'đ'];
  return [...lower, ...lower.map((letter) => letter.toUpperCase())];
})();

/** The outline satori draws for one letter, alone on a card in the bundled font. */
async function outlineOf(letter: string): Promise<string> {
  const node: CardNode = { type: 'div', props: { style: { display: 'flex', fontFamily: CARD_FONT_FAMILY, fontSize: 120 }, children: letter } };
  const svg = await cardSvg(node);
  return [...svg.matchAll(/ d="([^"]+)"/g)].map((m) => m[1]).join(' ');
}

describe('share cards', () => {
  let folder: string;
  let store: MediaStore;
  beforeAll(async () => {
    folder = await mkdtemp(path.join(tmpdir(), 'banso-cards-'));
    store = folderMediaStore(folder);
  });
  afterAll(() => rm(folder, { recursive: true, force: true }));

  it('writes prices the Vietnamese way', () => {
    expect(formatDong(20_000_000)).toBe('20.000.000\u00a0₫');
    expect(formatDong(250_000)).toBe('250.000\u00a0₫');
    expect(formatDong(999)).toBe('999\u00a0₫');
    expect(formatDong(0)).toBe('0\u00a0₫');
  });

  it('addresses a card by its content: the same words (however their accents were typed) the same key, any change another', () => {
    const key = shareCardKey(HERBS);
    expect(key).toMatch(/^[0-9a-f]{32}-card\.png$/);
    expect(shareCardKey({ ...HERBS, title: HERBS.title.normalize('NFD') })).toBe(key);
    expect(shareCardKey({ ...HERBS, priceDong: 260_000 })).not.toBe(key);
    expect(shareCardKey({ ...HERBS, nextMarketDay: undefined })).not.toBe(key);
  });

  it('draws every Vietnamese letter with its own outline from the bundled font', async () => {
    const outlines = new Map<string, string>();
    for (const letter of VIETNAMESE_LETTERS) outlines.set(letter, await outlineOf(letter));
    expect(VIETNAMESE_LETTERS).toHaveLength(146);
    for (const [letter, outline] of outlines) expect(outline.length, letter).toBeGreaterThan(20);
    // A letter the font lacked would be drawn as the same empty box as any other it lacks.
    expect(new Set(outlines.values()).size).toBe(VIETNAMESE_LETTERS.length);
    expect(outlines.get('Ớ')).not.toBe(await outlineOf('O'));
  });

  it('renders a 1200×630 PNG once, then serves it from the store', async () => {
    const first = await renderShareCard(store, HERBS);
    expect(first).toMatchObject({ key: shareCardKey(HERBS), rendered: true });
    expect(await sharp(first.png).metadata()).toMatchObject({ format: 'png', width: 1200, height: 630 });
    expect(await store.exists(first.key)).toBe(true);

    const second = await renderShareCard(store, HERBS);
    expect(second.rendered).toBe(false);
    expect(second.png.equals(first.png)).toBe(true);
  });

  it('puts the product photo on the left of the card', async () => {
    const photo = await storePhoto(
      store,
      await sharp({ create: { width: 1600, height: 1200, channels: 3, background: '#2d6a4f' } })
        .jpeg()
        .toBuffer(),
    );
    const withPhoto = await renderShareCard(store, { ...HERBS, photoKey: photo.variants[1]!.key });
    expect(await sharp(withPhoto.png).metadata()).toMatchObject({ width: 1200, height: 630 });
    const leftOf = async (png: Buffer) =>
      (await sharp(await sharp(png).extract({ left: 0, top: 0, width: 630, height: 630 }).toBuffer()).stats()).channels.map((c) => Math.round(c.mean));
    // The photo is a dark green square; without it the card's left is pale paper with words.
    const [red, green, blue] = await leftOf(withPhoto.png);
    expect([Math.abs(red! - 0x2d), Math.abs(green! - 0x6a), Math.abs(blue! - 0x4f)].every((d) => d <= 3)).toBe(true);
    expect((await leftOf((await renderShareCard(store, HERBS)).png))[0]).toBeGreaterThan(200);
  });

  it('refuses a card whose photo the store does not hold, and stores nothing for it', async () => {
    const card = { ...HERBS, photoKey: '0123456789abcdef0123456789abcdef-640.webp' };
    await expect(renderShareCard(store, card)).rejects.toMatchObject({ code: 'media.not_found', status: 404 });
    expect(await store.exists(shareCardKey(card))).toBe(false);
  });
});
