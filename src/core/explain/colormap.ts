// Viridis, sampled at 9 stops: perceptually uniform and readable by colour-blind viewers.
const VIRIDIS: readonly [number, number, number][] = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];

/** 256-entry RGB lookup table for values 0–255. */
export const VIRIDIS_LUT: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let v = 0; v < 256; v++) {
    const position = (v / 255) * (VIRIDIS.length - 1);
    const i = Math.min(VIRIDIS.length - 2, Math.floor(position));
    const t = position - i;
    for (let c = 0; c < 3; c++) lut[v * 3 + c] = Math.round(VIRIDIS[i]![c]! * (1 - t) + VIRIDIS[i + 1]![c]! * t);
  }
  return lut;
})();

export const VIRIDIS_CSS_GRADIENT = `linear-gradient(to right, ${VIRIDIS.map(([r, g, b]) => `rgb(${r},${g},${b})`).join(', ')})`;
