import type { Generated } from 'kysely';

/** Tables of the appeals module (merged into Database by src/storage/schema.ts). Times in ms. */
export interface AppealsTables {
  appeals: AppealsTable;
}

export interface AppealsTable {
  id: Generated<number>;
  target_input: string;
  target_kind: string;
  target_value: string;
  contact_email: string;
  statement: string;
  lang: string;
  matched_at_receipt: number;
  status: string;
  received_at: number;
  deadline_at: number;
  decided_at: number | null;
  decided_by: number | null;
  decision_reason: string | null;
  removed_url_ids: string | null;
}
