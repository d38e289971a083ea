import { PNG } from "pngjs";

/** Options of the synapse-map image: pixels per weight and the weight shown as full white. */
export interface SynapseMapOptions {
  /** Pixels per weight (nearest-neighbour upscaling). */
  readonly scale?: number;
  /** Weight shown as full white; default the largest weight in the map. */
  readonly wMax?: number;
  /** Image side of one tile (28 for MNIST); the tile is rows = side², one column per neuron. */
  readonly side?: number;
}

/**
 * Where the tiles of a synapse map lie: tile side (inputs per image row), grid columns and rows,
 * tile size in pixels, image width and height, and tile n's top-left pixel.
 */
export interface SynapseMapLayout {
  readonly side: number;
  readonly gridCols: number;
  readonly gridRows: number;
  /** Tile side in pixels (side × scale). */
  readonly tile: number;
  readonly width: number;
  readonly height: number;
  readonly origin: (neuron: number) => { readonly x: number; readonly y: number };
}

/** Layout of the map synapseMapPng draws for a rows × cols matrix (see its options). */
export function synapseMapLayout(
  rows: number,
  cols: number,
  options: SynapseMapOptions = {},
): SynapseMapLayout {
  const side = options.side ?? Math.round(Math.sqrt(rows));
  if (side * side !== rows)
    throw new RangeError(`synapse map: ${rows} inputs are not a square image`);
  const scale = options.scale ?? 2;
  const gridCols = Math.ceil(Math.sqrt(cols));
  const gridRows = Math.ceil(cols / gridCols);
  const tile = side * scale;
  return {
    side,
    gridCols,
    gridRows,
    tile,
    width: gridCols * (tile + 1) + 1,
    height: gridRows * (tile + 1) + 1,
    origin: (n) => ({
      x: (n % gridCols) * (tile + 1) + 1,
      y: Math.floor(n / gridCols) * (tile + 1) + 1,
    }),
  };
}

/**
 * Synapse map: each neuron's input weights (one column of the rows × cols matrix) drawn as a
 * side × side tile, tiles in a near-square grid separated by 1-pixel lines, on a black-body
 * colour scale (dark = 0, white = wMax), the usual Diehl & Cook figure.
 */
export function synapseMapPng(
  weights: Float32Array,
  rows: number,
  cols: number,
  options: SynapseMapOptions = {},
): Buffer {
  const layout = synapseMapLayout(rows, cols, options);
  const { side, width, height } = layout;
  const scale = options.scale ?? 2;
  let wMax = options.wMax ?? 0;
  if (wMax <= 0) for (const w of weights) if (w > wMax) wMax = w;
  if (wMax <= 0) wMax = 1;
  const png = new PNG({ width, height });
  png.data.fill(0x40); // separator grey
  for (let p = 3; p < png.data.length; p += 4) png.data[p] = 255;
  for (let n = 0; n < cols; n++) {
    const { x: ox, y: oy } = layout.origin(n);
    for (let i = 0; i < rows; i++) {
      const x = Math.min(1, Math.max(0, weights[i * cols + n]! / wMax));
      const [r, g, b] = hotColour(x);
      const px = (i % side) * scale;
      const py = Math.floor(i / side) * scale;
      for (let dy = 0; dy < scale; dy++) {
        for (let dx = 0; dx < scale; dx++) {
          const o = ((oy + py + dy) * width + (ox + px + dx)) * 4;
          png.data[o] = r;
          png.data[o + 1] = g;
          png.data[o + 2] = b;
        }
      }
    }
  }
  return PNG.sync.write(png);
}

/** Black → red → yellow → white ("hot" colour map) at x ∈ [0, 1], as 0–255 RGB. */
export function hotColour(x: number): [number, number, number] {
  const r = Math.min(1, x * 3);
  const g = Math.min(1, Math.max(0, x * 3 - 1));
  const b = Math.min(1, Math.max(0, x * 3 - 2));
  return [Math.round(r * 255), Math.round(g * 255), Math.round(b * 255)];
}
