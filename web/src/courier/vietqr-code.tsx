import { useEffect, useState } from 'preact/hooks';

/**
 * A VietQR payload drawn as an SVG path of its dark modules, on the phone, with no signal: the
 * payload came with the day's route. The QR library is fetched only when a QR is first shown (it
 * is in the app's offline cache all the same).
 */
export function VietQrCode({ payload, label }: { payload: string; label: string }) {
  const [drawn, setDrawn] = useState<{ size: number; path: string } | null>(null);
  useEffect(() => {
    let current = true;
    void import('qrcode').then(({ create }) => {
      const { modules } = create(payload, { errorCorrectionLevel: 'M' });
      let path = '';
      for (let row = 0; row < modules.size; row++) {
        for (let col = 0; col < modules.size; col++) if (modules.get(row, col)) path += `M${col} ${row}h1v1h-1z`;
      }
      if (current) setDrawn({ size: modules.size, path });
    });
    return () => {
      current = false;
    };
  }, [payload]);
  if (!drawn) return <div class="vietqr vietqr-loading" aria-busy="true" />;
  // Four modules of quiet zone around, as scanners expect.
  return (
    <svg class="vietqr" viewBox={`-4 -4 ${drawn.size + 8} ${drawn.size + 8}`} role="img" aria-label={label} shape-rendering="crispEdges">
      <rect x="-4" y="-4" width={drawn.size + 8} height={drawn.size + 8} fill="#fff" />
      <path d={drawn.path} fill="#000" />
    </svg>
  );
}
