/** The server's limit for a proof photo (decision 0033). */
export const PROOF_PHOTO_MAX_BYTES = 150 * 1024;
const LONGEST_SIDE = 1000;
const QUALITIES = [0.7, 0.55, 0.4, 0.3];

/**
 * A camera photo (several megabytes) made small enough to send with no signal to speak of: drawn
 * on a canvas at most 1000 px on its longest side, then JPEG at falling qualities until it fits
 * in 150 KB. Base64, as the mutation carries it; null when even the lowest quality does not fit.
 */
export async function compressPhoto(file: Blob): Promise<{ base64: string; bytes: number } | null> {
  const bitmap = await createImageBitmap(file);
  const scale = Math.min(1, LONGEST_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(bitmap.width * scale);
  canvas.height = Math.round(bitmap.height * scale);
  canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const quality of QUALITIES) {
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (blob && blob.size <= PROOF_PHOTO_MAX_BYTES) return { base64: await toBase64(blob), bytes: blob.size };
  }
  return null;
}

async function toBase64(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}
