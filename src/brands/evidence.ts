/**
 * Collects scored evidence per brand and applies the conflict rule shared by URL and text matching:
 * a brand's confidence is its strongest evidence, plus CORROBORATION for each further independent
 * channel (URL: host and path; e-mail: sender, display name, subject, body) that names it too. The best
 * brand wins only if it leads the runner-up by the caller's margin; otherwise the evidence is
 * contradictory and the answer is null.
 */

export const CORROBORATION = 0.05;
const MAX_CONFIDENCE = 0.99;

type Item = { score: number; text: string };
type Candidate = { channels: Map<number, number>; items: Item[] };

export type Decision = { brand: number; confidence: number; evidence: string[] };

export class Evidence {
  /** Created on the first add: most URLs carry no evidence at all. */
  private byBrand: Map<number, Candidate> | null = null;

  has(brand: number): boolean {
    return this.byBrand?.has(brand) ?? false;
  }

  /** Records evidence for a brand on a channel (0, 1, 2…). The same text twice counts once. */
  add(brand: number, score: number, text: string, channel = 0): void {
    this.byBrand ??= new Map();
    let c = this.byBrand.get(brand);
    if (!c) {
      c = { channels: new Map(), items: [] };
      this.byBrand.set(brand, c);
    }
    if ((c.channels.get(channel) ?? 0) < score) c.channels.set(channel, score);
    const same = c.items.find((i) => i.text === text);
    if (same) same.score = Math.max(same.score, score);
    else c.items.push({ score, text });
  }

  decide(margin: number): Decision | null {
    if (!this.byBrand) return null;
    let best: Decision | null = null;
    let second = 0;
    for (const [brand, c] of this.byBrand) {
      const scores = [...c.channels.values()].sort((a, b) => b - a);
      const confidence = Math.min(
        MAX_CONFIDENCE,
        scores[0]! + CORROBORATION * Math.min(2, scores.length - 1),
      );
      if (!best || confidence > best.confidence) {
        if (best) second = Math.max(second, best.confidence);
        best = { brand, confidence, evidence: [] };
      } else second = Math.max(second, confidence);
    }
    if (!best || best.confidence - second < margin - 1e-9) return null;
    const items = this.byBrand.get(best.brand)!.items;
    best.evidence = [...items].sort((a, b) => b.score - a.score).map((i) => i.text);
    best.confidence = Math.round(best.confidence * 1000) / 1000;
    return best;
  }
}
