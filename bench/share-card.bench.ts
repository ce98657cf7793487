/**
 * Share cards and photos (issue 13 aims at a card's first render ≤ 200 ms, then served cached),
 * against baselines measured in the same run: the same card's SVG rasterised by resvg-js instead
 * of sharp (the alternative the module chose against), and a 12-megapixel JPEG decoded alone
 * (the least any processing of it costs). Bounded: a few dozen cards, five photos.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import sharp from 'sharp';
import { folderMediaStore, renderShareCard, type ShareCard } from '../src/media/index.ts';
import { cardLayout, cardSvg } from '../src/media/share-card.ts';
import { storePhoto } from '../src/media/store-photo.ts';

const CARDS = 30;
const PHOTOS = 5;

const card = (i: number): ShareCard => ({
  title: `Cao xương khớp thảo dược người Dao, hũ ${i + 1}`,
  priceDong: 250_000 + i * 1_000,
  shopName: 'Thuốc nam bà Triệu Thị Mùi',
  village: 'Lăng Đồng, xã Nhất Hòa',
  nextMarketDay: 'Phiên chợ tới: thứ Bảy 12/12/2026 · chợ Nhất Hòa',
});

async function timed<T>(work: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await work();
  return [performance.now() - started, result];
}

const round = (ms: number) => Number(ms.toFixed(1));
function summary(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!);
  return { n: sorted.length, minMs: round(sorted[0]!), medianMs: at(0.5), p95Ms: at(0.95), maxMs: round(sorted[sorted.length - 1]!) };
}

/** A 4000×3000 camera-like JPEG: smooth tones with grain, about the bytes a phone writes. */
async function twelveMegapixelJpeg(): Promise<Buffer> {
  const grain = await sharp({ create: { width: 1000, height: 750, channels: 3, background: '#000', noise: { type: 'gaussian', mean: 128, sigma: 60 } } })
    .png()
    .toBuffer();
  return sharp(grain).resize(4000, 3000).jpeg({ quality: 90 }).toBuffer();
}

export async function benchShareCard(): Promise<unknown> {
  const folder = await mkdtemp(path.join(tmpdir(), 'banso-bench-media-'));
  try {
    const store = folderMediaStore(folder);
    // The first card of the process also reads the fonts and starts satori's layout engine.
    const [coldMs] = await timed(() => renderShareCard(store, card(0)));

    const first: number[] = [];
    const cached: number[] = [];
    const layout: number[] = [];
    const sharpRaster: number[] = [];
    const resvgRaster: number[] = [];
    for (let i = 1; i <= CARDS; i++) {
      first.push((await timed(() => renderShareCard(store, card(i))))[0]);
      cached.push((await timed(() => renderShareCard(store, card(i))))[0]);
      const [layoutMs, svg] = await timed(() => cardSvg(cardLayout(card(i), undefined)));
      layout.push(layoutMs);
      // The two rasterisers on the same SVG, one after the other, so the machine's load weighs on both alike.
      sharpRaster.push((await timed(() => sharp(Buffer.from(svg)).png().toBuffer()))[0]);
      resvgRaster.push((await timed(async () => new Resvg(svg).render().asPng()))[0]);
    }

    const jpeg = await twelveMegapixelJpeg();
    const photo: number[] = [];
    const decode: number[] = [];
    for (let i = 0; i < PHOTOS; i++) {
      // A fresh store each time: the same bytes in the same store would be found, not worked on.
      const photoFolder = await mkdtemp(path.join(tmpdir(), 'banso-bench-photo-'));
      photo.push((await timed(() => storePhoto(folderMediaStore(photoFolder), jpeg)))[0]);
      await rm(photoFolder, { recursive: true, force: true });
      decode.push((await timed(() => sharp(jpeg).raw().toBuffer()))[0]);
    }

    const firstRender = summary(first);
    const median = (samples: number[]) => summary(samples).medianMs;
    return {
      cardColdFirstMs: round(coldMs),
      cardFirstRender: firstRender,
      cardCachedServe: summary(cached),
      cardLayoutSatori: summary(layout),
      rasterSharp: summary(sharpRaster),
      rasterResvg: summary(resvgRaster),
      resvgToSharp: Number((median(resvgRaster) / median(sharpRaster)).toFixed(2)),
      firstRenderToCached: Number((firstRender.medianMs / median(cached)).toFixed(1)),
      aimMet: firstRender.p95Ms <= 200,
      photo12MpBytes: jpeg.length,
      photo12Mp: summary(photo),
      decode12Mp: summary(decode),
      photoToDecode: Number((median(photo) / median(decode)).toFixed(2)),
    };
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
