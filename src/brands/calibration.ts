/**
 * What a URL attribution's confidence means: the share of attributions resting on the same kind of
 * evidence that named the brand JPCERT/CC's label names. The matcher decides with its own scores
 * (URL_SCORES and URL_MARGIN in url-scores.ts: which brand wins); this table only says how often a
 * winner of each kind was right, so that rows with confidence ≥ t are right about t of the time.
 *
 * Measured by `node bin/run-ts.mjs bench/brands.ts` (its calibration table) on the 46,442 labelled
 * JPCERT/CC rows of 2019-2021 (2026-11-27), as (right + 50 × 0.925) / (attributed + 50): the kind's
 * precision pulled towards the overall 92.5 % by 50 rows' weight, so that a kind seen a few dozen times
 * does not claim 100 %; rounded down to 0.01. Checked on the 2022-2023 rows (held out, 21,297
 * attributions): all kinds together are right 89.6 % there against 92.5 % in 2019-2021, the large kinds
 * within 2-5 points of their value, path evidence and spoofed domains better; a group name with its
 * service word ('compound') fell to 78 %. The bench prints the table with both periods and flags a value
 * that no longer matches its measurement: re-measure after changing a rule.
 */
export const URL_EVIDENCE_KINDS = [
  'keyword-registrable', // a brand keyword in the registrable label ('amazon-check.com')
  'keyword-subdomain', // in a subdomain label ('amazon.check-login.cn')
  'keyword-path', // in the path only ('/wp/amazon/login.php')
  'compound', // a group name with its service word in the host ('smbc' + 'card')
  'official-in-host', // an official domain written into the subdomain ('amazon.co.jp.example.cn')
  'official-in-path', // an official domain in the path ('/www.amazon.co.jp/')
  'homoglyph', // the official name once homoglyphs are folded ('аmazon' with Cyrillic а)
  'lookalike-1', // an official name at edit distance 1 in the host ('amazom-login.com')
  'lookalike-2', // at distance 2 ('kuronekoyamat0-x.com')
  'spoofed', // a near-miss of an official name written as a domain ('amazoazm.co.jp.example.ml')
  'lookalike-path', // a misspelt official name as a path token ('/rekuten/')
  'corroborated', // named both in the host and in the path
] as const;

export type UrlEvidenceKind = (typeof URL_EVIDENCE_KINDS)[number];

/** Index of a kind in URL_EVIDENCE_KINDS (the matcher stores kinds as small integers). */
export const KIND = Object.fromEntries(URL_EVIDENCE_KINDS.map((k, i) => [k, i])) as {
  [K in UrlEvidenceKind]: number;
};

export const URL_CONFIDENCE: Record<UrlEvidenceKind, number> = {
  'keyword-registrable': 0.9,
  'keyword-subdomain': 0.91,
  'keyword-path': 0.95,
  compound: 0.91,
  'official-in-host': 0.94,
  'official-in-path': 0.93,
  homoglyph: 0.96,
  'lookalike-1': 0.91,
  'lookalike-2': 0.9,
  spoofed: 0.92,
  'lookalike-path': 0.94,
  corroborated: 0.97,
};

/** The smoothing of the comment above, for the bench that re-derives the table. */
export const CALIBRATION_PRIOR = { rows: 50, precision: 0.925 };

export function smoothedPrecision(right: number, attributed: number): number {
  const { rows, precision } = CALIBRATION_PRIOR;
  return Math.floor((100 * (right + rows * precision)) / (attributed + rows)) / 100;
}

const byIndex = URL_EVIDENCE_KINDS.map((k) => URL_CONFIDENCE[k]);

/** The confidence of an attribution whose strongest evidence is of kind `kind` (an index). */
export function urlConfidence(kind: number, channels: number): number {
  return byIndex[channels > 1 ? KIND.corroborated : kind] ?? byIndex[KIND['keyword-path']]!;
}
