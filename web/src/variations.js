// The small variations a taught example is learnt in, so that the model learns the
// garment rather than one drawing of it. Plain arrays in and out.

// The variations each taught example is learnt in: shifted, scaled and turned a little,
// as the same garment drawn again would be.
export const VARIATIONS = [
  {},
  { dx: -2 },
  { dx: 2 },
  { dy: -2 },
  { dy: 2 },
  { scale: 0.85 },
  { scale: 1.15 },
  { angle: -10 },
  { angle: 10 },
];

/**
 * Returns a size × size image moved by (dx, dy) pixels, scaled by `scale` and turned by
 * `angle` degrees about its centre (bilinear; what falls outside is background, 0).
 */
export function vary(pixels, size, { dx = 0, dy = 0, scale = 1, angle = 0 }) {
  const out = new Float32Array(size * size);
  const centre = (size - 1) / 2;
  const cos = Math.cos((angle * Math.PI) / 180) / scale;
  const sin = Math.sin((angle * Math.PI) / 180) / scale;
  const at = (x, y) => (x < 0 || y < 0 || x >= size || y >= size ? 0 : pixels[y * size + x]);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // The source point that lands here: undo the move, then the turn and the scale.
      const u = x - dx - centre;
      const v = y - dy - centre;
      const sx = cos * u + sin * v + centre;
      const sy = -sin * u + cos * v + centre;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      const fx = sx - x0;
      const fy = sy - y0;
      out[y * size + x] =
        (1 - fy) * ((1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0)) +
        fy * ((1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1));
    }
  }
  return out;
}
