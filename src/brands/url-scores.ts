/**
 * The URL matcher's scores: how strongly each kind of evidence, by where in the URL it was found, names a
 * brand, and how far the best brand must lead the runner-up (evidence.ts applies the margin). They decide
 * between brands only; the confidence a match reports is calibrated separately (calibration.ts).
 */

/** Where in the URL evidence was found; indexes the per-place arrays of URL_SCORES. */
export const REG = 2;
export const SUB = 1;
export const PATH = 0;
export type Where = typeof REG | typeof SUB | typeof PATH;

/**
 * How far the best brand must lead the runner-up. Measured on JPCERT/CC (bench/brands.ts): when a second
 * brand is also named in the host (lead < 0.3) the URL comes from a multi-brand kit and the leader was the
 * labelled brand only ~60% of the time; when the runner-up appears only in the path (lead ≥ 0.35), 84-100%.
 * So two brands in the host → null; host evidence outweighs path-only evidence.
 */
export const URL_MARGIN = 0.3;

export const URL_SCORES = {
  keyword: [0.55, 0.75, 0.9], // by Where: path, subdomain, registrable label
  token: [0.5, 0.7, 0.85],
  officialInSubdomain: 0.85,
  officialInPath: 0.6,
  lookalike: [
    [0, 0.5],
    [0.75, 0.65, 0.6],
    [0.9, 0.8, 0.7],
  ] as number[][], // [Where][distance]
  /** A look-alike written as an official domain in the subdomain ('amazoazm.co.jp.x.ml'), by distance. */
  spoofed: [0.85, 0.8, 0.75, 0.7],
  /** A keyword several brands list (a group name) is weaker evidence for each of them. */
  shared: 0.85,
  /** Keyword evidence that appears only after the confusables skeleton. */
  homoglyph: 0.95,
} as const;
