/**
 * A template's layout as a small SVG: title, headers, input and formula cells in their colours.
 * Drawn from the catalog's picture data, which the build computes from the generator itself.
 */
import type { Picture } from './catalog-data.js';

const ROLE_CLASS: Record<string, string> = {
  t: 'p-title',
  s: 'p-sub',
  n: 'p-note',
  h: 'p-head',
  i: 'p-input',
  f: 'p-formula',
  T: 'p-total',
  v: 'p-value',
};

const ROW_H = 6;
const WIDTH = 120;

export function SheetPicture({ picture, label }: { picture: Picture; label: string }) {
  const total = picture.w.reduce((a, b) => a + b, 0) || 1;
  const xs: number[] = [0];
  for (const w of picture.w) xs.push(xs[xs.length - 1]! + (w / total) * WIDTH);
  const height = Math.max(picture.r.length, 1) * ROW_H;
  const rects: preact.JSX.Element[] = [];
  picture.r.forEach((row, y) => {
    let j = 0;
    while (j < row.length) {
      const role = row[j]!;
      let k = j + 1;
      // Title-like rows are one merged cell; other cells stay separate so the grid shows.
      const merged = role === 't' || role === 's' || role === 'n';
      if (merged) while (k < row.length && row[k] === role) k++;
      const cls = ROLE_CLASS[role];
      if (cls) {
        const x = xs[j]!;
        const w = xs[k]! - x;
        rects.push(<rect key={`${y}-${j}`} class={cls} x={x + 0.25} y={y * ROW_H + 0.25} width={Math.max(w - 0.5, 0.5)} height={ROW_H - 0.5} />);
      }
      j = k;
    }
  });
  return (
    <svg class="picture" viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-label={label} preserveAspectRatio="xMidYMin meet">
      <rect class="p-grid" x={0} y={0} width={WIDTH} height={height} />
      {rects}
    </svg>
  );
}
