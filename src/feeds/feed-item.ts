/** What every collector yields: one observed URL with what the source said about it. */
export type FeedItem = {
  /** Stable id of this observation within its source; re-imports with the same id add nothing. */
  externalId: string;
  url: string;
  /** When the source says it saw or confirmed the URL (ms); defaults to the time of import. */
  reportedAt?: number;
  /** The brand as the source wrote it (free text, resolved through the brand registry). */
  brandLabel?: string | null;
  threat: 'phishing' | 'malware';
  tlp?: 'clear' | 'green' | 'amber' | 'red';
  raw: unknown;
  /** Where the reader found it (CSV/text line, JSON element's first line, MISP attribute number): named
   * if the import refuses the row (an oversized field). The CLI adds the file name. */
  line?: number;
  file?: string;
};

/** A row a collector could not use, with where and why: counted and reported, never dropped silently. */
export type FeedRejection = { line: number; reason: string; raw?: string };

export type FeedEntry = { item: FeedItem } | { rejected: FeedRejection };
