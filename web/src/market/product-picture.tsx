import type { ProductPhoto } from '../../../src/market/schemas.ts';

/**
 * A product's photo at the width the screen needs: WebP widths in `srcset` (a phone at 2× takes the
 * 200 px one for a 6rem thumbnail), the JPEG for browsers without WebP, loaded only when
 * scrolled near, with its size known so the list does not jump.
 */
export function ProductPicture({ photo, alt }: { photo: ProductPhoto; alt: string }) {
  const srcset = photo.variants.map((v) => `${v.url} ${v.width}w`).join(', ');
  return (
    <picture class="product-photo">
      <source type="image/webp" srcSet={srcset} sizes="6rem" />
      <img src={photo.fallback.url} width={photo.fallback.width} height={photo.fallback.height} alt={alt} loading="lazy" decoding="async" />
    </picture>
  );
}
