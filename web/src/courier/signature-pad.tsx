import { useEffect, useRef } from 'preact/hooks';

/** The pad's box, in the units the server stores (decision 0033). */
const BOX = { width: 1000, height: 400 };
const MAX_POINTS = 2000;

export type Strokes = [number, number][][];

/**
 * A box the recipient signs in with a finger. What is kept is the strokes, as points on a
 * 1000 × 400 box: small, redrawn at any size, no image to compress.
 */
export function SignaturePad({ label, strokes, onChange }: { label: string; strokes: Strokes; onChange: (strokes: Strokes) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef<Strokes>(strokes);
  drawing.current = strokes;

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, BOX.width, BOX.height);
    context.lineWidth = 6;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.strokeStyle = '#1b2a24';
    for (const stroke of strokes) {
      context.beginPath();
      stroke.forEach(([x, y], i) => (i === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
      context.stroke();
    }
  }, [strokes]);

  const pointOf = (event: PointerEvent): [number, number] => {
    const rect = canvas.current!.getBoundingClientRect();
    const x = Math.round(((event.clientX - rect.left) / rect.width) * BOX.width);
    const y = Math.round(((event.clientY - rect.top) / rect.height) * BOX.height);
    return [Math.min(BOX.width, Math.max(0, x)), Math.min(BOX.height, Math.max(0, y))];
  };
  const points = () => drawing.current.reduce((n, s) => n + s.length, 0);

  return (
    <canvas
      ref={canvas}
      class="signature-pad"
      width={BOX.width}
      height={BOX.height}
      role="img"
      aria-label={label}
      onPointerDown={(event) => {
        canvas.current?.setPointerCapture(event.pointerId);
        if (drawing.current.length < 40) onChange([...drawing.current, [pointOf(event)]]);
      }}
      onPointerMove={(event) => {
        if (event.buttons === 0 || drawing.current.length === 0 || points() >= MAX_POINTS) return;
        const last = drawing.current.at(-1)!;
        onChange([...drawing.current.slice(0, -1), [...last, pointOf(event)]]);
      }}
    />
  );
}
