import type { Generated } from 'kysely';
import type { UnitId, UserId } from '../../shared/ids.js';

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  /** Not a foreign key: erasing or removing an account must not rewrite a hashed column. */
  actor_user_id: UserId | null;
  action: string;
  subject_user_id: UserId | null;
  unit_id: UnitId | null;
  /** JSON object; never holds secrets such as passwords, codes or tokens. */
  details: string;
  ip: string | null;
  /** The hash of the entry before this one (64 zeros for the first entry ever). */
  prev_hash: string;
  /** SHA-256 of this entry's fields and prev_hash (audit-chain.ts entryHash). */
  hash: string;
}

/** Each file `hoctap audit archive` wrote: its last entry's hash anchors the chain that remains. */
export interface AuditArchivesTable {
  id: Generated<number>;
  archived_at: number;
  before_at: number;
  first_id: number;
  last_id: number;
  entries: number;
  last_hash: string;
  file_name: string;
  file_sha256: string;
}
