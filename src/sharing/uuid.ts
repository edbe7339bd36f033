import { createHash } from 'node:crypto';

/** RFC 9562 UUID version 5 (SHA-1, name-based): the same name in the same namespace gives the same id. */
export function uuidv5(name: string, namespace: string): string {
  const ns = Buffer.from(namespace.replaceAll('-', ''), 'hex');
  const h = createHash('sha1').update(ns).update(name, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/** Namespace of every id phishdesk derives (STIX objects, TAXII collections, MISP events). */
export const PHISHDESK_NAMESPACE = '7c1f3f5e-2b8a-5d3c-9f0e-6a4b2c1d8e90';
