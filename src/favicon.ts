// The site icon at /favicon.ico, drawn in code so the repository holds no binary and needs no CDN:
// a white speech bubble on the console's accent blue, 32x32, as a 32-bit ICO.

const SIZE = 32;
/** --accent of src/console/assets/console.css. */
const ACCENT = { r: 0x0b, g: 0x5c, b: 0xad };
const CORNER_RADIUS = 7;
/** Samples per pixel side: enough for smooth edges at this size. */
const SUPERSAMPLE = 4;

function insideRoundedSquare(x: number, y: number): boolean {
  const dx = Math.max(CORNER_RADIUS - x, x - (SIZE - CORNER_RADIUS), 0);
  const dy = Math.max(CORNER_RADIUS - y, y - (SIZE - CORNER_RADIUS), 0);
  return dx * dx + dy * dy <= CORNER_RADIUS * CORNER_RADIUS;
}

function insideBubble(x: number, y: number): boolean {
  const ex = (x - 16) / 11;
  const ey = (y - 14) / 8.5;
  if (ex * ex + ey * ey <= 1) return true;
  // The tail: a triangle below the bubble's left half, pointing down-left.
  const [ax, ay, bx, by, cx, cy] = [9, 18, 16, 21, 7, 27];
  const side = (px: number, py: number, qx: number, qy: number) =>
    (qx - px) * (y - py) - (qy - py) * (x - px);
  const s1 = side(ax, ay, bx, by);
  const s2 = side(bx, by, cx, cy);
  const s3 = side(cx, cy, ax, ay);
  return (s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0);
}

/** Coverage of one pixel by the background square and by the bubble, each 0..1. */
function coverage(px: number, py: number): { square: number; bubble: number } {
  let square = 0;
  let bubble = 0;
  for (let i = 0; i < SUPERSAMPLE; i++) {
    for (let j = 0; j < SUPERSAMPLE; j++) {
      const x = px + (i + 0.5) / SUPERSAMPLE;
      const y = py + (j + 0.5) / SUPERSAMPLE;
      if (insideRoundedSquare(x, y)) {
        square += 1;
        if (insideBubble(x, y)) bubble += 1;
      }
    }
  }
  const n = SUPERSAMPLE * SUPERSAMPLE;
  return { square: square / n, bubble: square === 0 ? 0 : bubble / square };
}

export function faviconIco(): Buffer {
  const pixels = SIZE * SIZE * 4;
  const mask = (SIZE / 8) * SIZE;
  const image = 40 + pixels + mask;
  const out = Buffer.alloc(6 + 16 + image);
  out.writeUInt16LE(0, 0);
  out.writeUInt16LE(1, 2); // type: icon
  out.writeUInt16LE(1, 4); // one image
  out.writeUInt8(SIZE, 6);
  out.writeUInt8(SIZE, 7);
  out.writeUInt16LE(1, 10); // planes
  out.writeUInt16LE(32, 12); // bits per pixel
  out.writeUInt32LE(image, 14);
  out.writeUInt32LE(22, 18); // offset of the image
  const header = 22;
  out.writeUInt32LE(40, header);
  out.writeInt32LE(SIZE, header + 4);
  out.writeInt32LE(SIZE * 2, header + 8); // an ICO bitmap counts its AND mask in the height
  out.writeUInt16LE(1, header + 12);
  out.writeUInt16LE(32, header + 14);
  out.writeUInt32LE(pixels + mask, header + 20);
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const { square, bubble } = coverage(x, y);
      const mix = (c: number) => Math.round(c + (255 - c) * bubble);
      // Rows are stored bottom-up, as BGRA.
      const at = header + 40 + ((SIZE - 1 - y) * SIZE + x) * 4;
      out[at] = mix(ACCENT.b);
      out[at + 1] = mix(ACCENT.g);
      out[at + 2] = mix(ACCENT.r);
      out[at + 3] = Math.round(square * 255);
    }
  }
  // The AND mask stays all zero: the alpha channel carries transparency.
  return out;
}
