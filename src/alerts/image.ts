/**
 * Screenshots are served to the public, so only real raster images are accepted: the type comes from the
 * file's first bytes, never from what the uploader or the capture claimed (an SVG or HTML file is refused).
 */
const SIGNATURES: { type: string; test: (b: Uint8Array) => boolean }[] = [
  { type: 'image/png', test: (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 },
  { type: 'image/jpeg', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/gif', test: (b) => b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38 },
  {
    type: 'image/webp',
    test: (b) =>
      b[0] === 0x52 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x46 && b[8] === 0x57 && b[9] === 0x45,
  },
];

export const MAX_SCREENSHOT_BYTES = 5 * 1024 * 1024;

export function sniffImageType(data: Uint8Array): string | null {
  if (data.length < 12) return null;
  return SIGNATURES.find((s) => s.test(data))?.type ?? null;
}

/** The types a screenshot can have, as served. */
export const SCREENSHOT_TYPES: readonly string[] = SIGNATURES.map((s) => s.type);
