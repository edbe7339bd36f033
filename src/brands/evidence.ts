/**
 * Collects scored evidence per brand and applies the conflict rule shared by URL and text matching:
 * a brand's confidence is its strongest evidence, plus CORROBORATION for each further independent
 * channel (URL: host and path; e-mail: sender, display name, subject, body) that names it too. The best
 * brand wins only if it leads the runner-up by the caller's margin; otherwise the evidence is
 * contradictory and the answer is null.
 */

export const CORROBORATION = 0.05;
const MAX_CONFIDENCE = 0.99;

/** kind: what sort of evidence (the URL matcher's calibration.ts index), or -1. */
type Item = { score: number; text: string; kind: number };
/** groupKeys: shared group names ('smbc') that are this brand's only evidence so far; own: other evidence. */
type Candidate = { channels: Map<number, number>; items: Item[]; own: boolean; groupKeys: string[] };

/**
 * confidence: the winner's score (strongest evidence plus corroboration), what the margin is applied to;
 * kind: the kind of its strongest evidence; channels: how many channels named it.
 */
export type Decision = {
  brand: number;
  confidence: number;
  evidence: string[];
  kind: number;
  channels: number;
};

export class Evidence {
  /** Created on the first add: most URLs carry no evidence at all. */
  private byBrand: Map<number, Candidate> | null = null;

  has(brand: number): boolean {
    return this.byBrand?.has(brand) ?? false;
  }

  /**
   * Records evidence for a brand on a channel (0, 1, 2…). The same text twice counts once. `groupKey`
   * marks evidence that is only a group name several brands share; `kind` says what sort it is.
   */
  add(brand: number, score: number, text: string, channel = 0, groupKey?: string, kind = -1): void {
    this.byBrand ??= new Map();
    let c = this.byBrand.get(brand);
    if (!c) {
      c = { channels: new Map(), items: [], own: false, groupKeys: [] };
      this.byBrand.set(brand, c);
    }
    if (groupKey === undefined) c.own = true;
    else if (!c.groupKeys.includes(groupKey)) c.groupKeys.push(groupKey);
    if ((c.channels.get(channel) ?? 0) < score) c.channels.set(channel, score);
    const same = c.items.find((i) => i.text === text);
    if (same) same.score = Math.max(same.score, score);
    else c.items.push({ score, text, kind });
  }

  /**
   * The winner, or null when the runner-up is within `margin`. A brand named only by a group name that
   * the leader also carries ('smbc' for the bank when the card also matched 'vpass') does not compete:
   * the leader's own evidence already tells the group's companies apart.
   */
  decide(margin: number): Decision | null {
    if (!this.byBrand) return null;
    const scored: { brand: number; c: Candidate; confidence: number }[] = [];
    for (const [brand, c] of this.byBrand) {
      const scores = [...c.channels.values()].sort((a, b) => b - a);
      const confidence = Math.min(
        MAX_CONFIDENCE,
        scores[0]! + CORROBORATION * Math.min(2, scores.length - 1),
      );
      scored.push({ brand, c, confidence });
    }
    scored.sort((a, b) => b.confidence - a.confidence);
    const lead = scored[0]!;
    for (const other of scored.slice(1)) {
      const outranked =
        !other.c.own && lead.c.own && other.c.groupKeys.every((k) => lead.c.groupKeys.includes(k));
      if (outranked) continue;
      if (lead.confidence - other.confidence < margin - 1e-9) return null;
      break; // sorted: later candidates are weaker still
    }
    const items = [...lead.c.items].sort((a, b) => b.score - a.score);
    return {
      brand: lead.brand,
      confidence: Math.round(lead.confidence * 1000) / 1000,
      evidence: items.map((i) => i.text),
      kind: items[0]!.kind,
      channels: lead.c.channels.size,
    };
  }
}
