import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { FeedEntry, FeedItem } from './feed-item.ts';
import { streamJsonArray } from './json-stream.ts';
import { urlsFromPattern } from './stix-pattern.ts';
import { parseTimestamp } from './timestamps.ts';

type Tlp = NonNullable<FeedItem['tlp']>;

/** The published TLP marking definitions: TLP 1.0 (STIX 2.1 spec §7.2.1.4) and TLP 2.0 (OASIS extension). */
export const TLP_MARKINGS: Record<string, Tlp> = {
  'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9': 'clear',
  'marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da': 'green',
  'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82': 'amber',
  'marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed': 'red',
  'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487': 'clear',
  'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb': 'green',
  'marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421': 'amber',
  'marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003': 'amber',
  'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1': 'red',
};

const TLP_RANK: Record<Tlp, number> = { clear: 0, green: 1, amber: 2, red: 3 };

/** 'white' (TLP 1.0) is 'clear' (TLP 2.0); 'amber+strict' is at least amber. */
export function normalizeTlp(value: string): Tlp | null {
  const v = value.trim().toLowerCase().replace(/^tlp:/, '');
  if (v === 'white' || v === 'clear') return 'clear';
  if (v === 'green') return 'green';
  if (v === 'amber' || v === 'amber+strict') return 'amber';
  if (v === 'red') return 'red';
  return null;
}

type StixObject = Record<string, unknown> & { type?: unknown; id?: unknown };

/** The TLP a marking-definition object declares (TLP 1.0 `definition.tlp` or the TLP 2.0 extension). */
function declaredTlp(obj: StixObject): Tlp | null {
  const def = obj.definition as { tlp?: unknown } | undefined;
  if (obj.definition_type === 'tlp' && typeof def?.tlp === 'string') return normalizeTlp(def.tlp);
  for (const ext of Object.values((obj.extensions as Record<string, unknown>) ?? {})) {
    const t = (ext as { tlp_2_0?: unknown } | null)?.tlp_2_0;
    if (typeof t === 'string') return normalizeTlp(t);
  }
  return null;
}

/**
 * Turns STIX 2.x objects into feed entries, one object at a time, so it serves both a streamed bundle and
 * TAXII pages. Indicators whose pattern names URLs (see urlsFromPattern) and `url` observables become
 * items with the object id as external id. TLP comes from object_marking_refs: the published TLP ids, or
 * marking definitions seen in the same stream. An object whose markings are not known yet waits for the
 * end of the stream (a bundle may define its markings after using them).
 */
export function createStixObjectReader(options: { threat?: 'phishing' | 'malware' } = {}) {
  const markings = new Map<string, Tlp | null>(Object.entries(TLP_MARKINGS));
  const waiting: { obj: StixObject; line: number }[] = [];

  function tlpOf(obj: StixObject, final: boolean): Tlp | null | 'unknown' {
    const refs = Array.isArray(obj.object_marking_refs) ? obj.object_marking_refs : [];
    let best: Tlp | null = null;
    let unknown = false;
    for (const ref of refs) {
      if (typeof ref !== 'string') continue;
      if (!markings.has(ref)) {
        unknown = true;
        continue;
      }
      const t = markings.get(ref) ?? null;
      if (t && (best === null || TLP_RANK[t] > TLP_RANK[best])) best = t;
    }
    return best === null && unknown && !final ? 'unknown' : best;
  }

  function entriesOf(obj: StixObject, line: number, tlp: Tlp | null): FeedEntry[] {
    const id = typeof obj.id === 'string' ? obj.id : '';
    const base = { threat: options.threat ?? 'phishing', brandLabel: null, ...(tlp ? { tlp } : {}) } as const;
    if (obj.type === 'url') {
      if (typeof obj.value !== 'string' || obj.value.trim() === '')
        return [{ rejected: { line, reason: `${id || 'url object'}: no value` } }];
      return [{ item: { ...base, externalId: id, url: obj.value.trim(), raw: obj, line } }];
    }
    // indicator
    if (obj.revoked === true) return [];
    if (obj.pattern_type !== undefined && obj.pattern_type !== 'stix') return [];
    const types = [obj.indicator_types, obj.labels].flatMap((v) => (Array.isArray(v) ? v : []));
    if (types.includes('benign')) return [];
    if (typeof obj.pattern !== 'string')
      return [{ rejected: { line, reason: `${id}: indicator without pattern` } }];
    const found = urlsFromPattern(obj.pattern);
    if (found.kind === 'none') return [];
    if (found.kind === 'refused') return [{ rejected: { line, reason: `${id}: ${found.reason}` } }];
    const reportedAt = parseTimestamp(obj.valid_from) ?? parseTimestamp(obj.created) ?? undefined;
    return found.urls.map((url) => ({
      item: {
        ...base,
        // One URL: the object id itself. Several (OR'ed): one id per URL, independent of their order.
        externalId:
          found.urls.length === 1
            ? id
            : `${id}#${createHash('sha256').update(url).digest('hex').slice(0, 16)}`,
        url,
        ...(reportedAt !== undefined ? { reportedAt } : {}),
        raw: obj,
        line,
      },
    }));
  }

  return {
    push(value: unknown, line: number): FeedEntry[] {
      if (typeof value !== 'object' || value === null || Array.isArray(value))
        return [{ rejected: { line, reason: 'STIX object is not a JSON object' } }];
      const obj = value as StixObject;
      if (obj.type === 'marking-definition') {
        if (typeof obj.id === 'string') markings.set(obj.id, declaredTlp(obj));
        return [];
      }
      if (obj.type !== 'indicator' && obj.type !== 'url') return [];
      if (typeof obj.id !== 'string' || !obj.id.startsWith(`${obj.type}--`))
        return [{ rejected: { line, reason: `${String(obj.type)} without a valid id` } }];
      const tlp = tlpOf(obj, false);
      if (tlp === 'unknown') {
        waiting.push({ obj, line });
        return [];
      }
      return entriesOf(obj, line, tlp);
    },
    /** Entries held back for markings defined later; call once the stream has ended. */
    end(): FeedEntry[] {
      return waiting
        .splice(0)
        .flatMap(({ obj, line }) => entriesOf(obj, line, tlpOf(obj, true) as Tlp | null));
    },
  };
}

/** A STIX 2.1 bundle (`{"type":"bundle","objects":[…]}`), its objects streamed one by one. */
export async function* readStixBundle(
  input: Readable,
  options: { threat?: 'phishing' | 'malware' } = {},
): AsyncGenerator<FeedEntry> {
  const reader = createStixObjectReader(options);
  for await (const el of streamJsonArray(input, { key: 'objects' })) {
    if ('error' in el) yield { rejected: { line: el.line, reason: el.error } };
    else yield* reader.push(el.value, el.line);
  }
  yield* reader.end();
}
