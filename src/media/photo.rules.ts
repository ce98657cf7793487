import { AppError, badRequest } from '../platform/errors.ts';

/** A product photo from a phone's camera is 2–6 MB; 10 MB leaves room and bounds what one upload costs. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/**
 * 40 megapixels holds any phone camera's photo; the limit is checked on the header, before a pixel
 * is decoded, so a small file declaring a huge image (a decompression bomb) costs nothing.
 */
export const MAX_PHOTO_PIXELS = 40_000_000;
/**
 * The widths served (srcset): a list's 6rem thumbnail on a phone at 2× (a 320 px one wastes half
 * its bytes there, as Lighthouse measured on the shop page), a cheap phone's screen, a large
 * phone's, and the desktop page and share card.
 */
export const PHOTO_WIDTHS = [200, 320, 640, 1200] as const;

export type PhotoFormat = 'jpeg' | 'png' | 'webp';

/**
 * The format the bytes are, by their magic numbers, whatever the file is called or labelled: a PDF
 * renamed .jpg is still a PDF. JPEG: FF D8 FF; PNG: its 8-byte signature; WebP: a RIFF container
 * of type WEBP.
 */
export function photoFormatOf(bytes: Uint8Array): PhotoFormat | null {
  const ascii = (from: number, to: number) => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (ascii(0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
  return null;
}

/**
 * The widths a photo is stored at: each of PHOTO_WIDTHS it can fill without being enlarged, or its
 * own width alone when it is narrower than the smallest (enlarging adds bytes, not detail).
 */
export function variantWidths(sourceWidth: number): number[] {
  const widths = PHOTO_WIDTHS.filter((width) => width <= sourceWidth);
  return widths.length > 0 ? widths : [sourceWidth];
}

export const photoTooLarge = (bytes: number) =>
  new AppError(413, 'media.photo_too_large', {
    vi: `Ảnh nặng ${(bytes / 1024 / 1024).toFixed(1)} MB, vượt giới hạn ${MAX_PHOTO_BYTES / 1024 / 1024} MB. Hãy chọn ảnh nhỏ hơn hoặc chụp lại với độ phân giải thấp hơn.`,
    en: `The photo is ${(bytes / 1024 / 1024).toFixed(1)} MB, over the ${MAX_PHOTO_BYTES / 1024 / 1024} MB limit. Choose a smaller photo or take it again at a lower resolution.`,
  });

export const photoNotAnImage = () =>
  badRequest('media.photo_unsupported_type', {
    vi: 'Tệp này không phải ảnh JPEG, PNG hay WebP (đã kiểm tra nội dung tệp, không theo đuôi tên tệp).',
    en: 'This file is not a JPEG, PNG or WebP image (its content was checked, not its name).',
  });

export const photoTooManyPixels = (width: number, height: number) =>
  badRequest('media.photo_too_many_pixels', {
    vi: `Ảnh ${width}×${height} điểm ảnh vượt giới hạn ${MAX_PHOTO_PIXELS / 1_000_000} megapixel.`,
    en: `The image is ${width}×${height} pixels, over the ${MAX_PHOTO_PIXELS / 1_000_000} megapixel limit.`,
  });

export const photoUnreadable = () =>
  badRequest('media.photo_unreadable', {
    vi: 'Không đọc được ảnh này: tệp bị hỏng hoặc không đầy đủ. Hãy gửi lại ảnh gốc.',
    en: 'This image cannot be read: the file is damaged or incomplete. Send the original photo again.',
  });

export const photoEmpty = () =>
  badRequest('media.photo_missing', {
    vi: 'Chưa có ảnh: hãy gửi chính tệp ảnh trong thân yêu cầu.',
    en: 'No photo: send the image file itself as the request body.',
  });
