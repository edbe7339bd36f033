import type { Generated } from 'kysely';

/** Tables of the evidence module (migration 0014). */
export interface EvidenceTables {
  evidence_bundles: EvidenceBundlesTable;
}

export interface EvidenceBundlesTable {
  id: Generated<number>;
  token: string;
  case_id: number;
  kind: 'request' | 'escalation';
  capture_id: number;
  check_id: number;
  /** SHA-256 of the archive, also its name in the evidence store. */
  sha256: string;
  size: number;
  key_fingerprint: string;
  created_at: number;
}
