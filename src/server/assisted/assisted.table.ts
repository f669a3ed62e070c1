import type { Generated } from 'kysely';
import type { AssistedSignupId, TeamId, UnitId, UserId } from '../../shared/ids.js';
import type { PhoneNumber } from '../../shared/phone.js';

/** One assisted sign-up: who was signed up (or linked), by which helper and team, with which consent. */
export interface AssistedSignupsTable {
  id: Generated<AssistedSignupId>;
  user_id: UserId;
  helper_id: UserId;
  team_id: TeamId;
  unit_id: UnitId;
  hamlet_id: UnitId | null;
  client_id: string;
  channel: 'assisted_sms' | 'assisted_paper';
  consent_id: number;
  linked_existing: number;
  device_id: string;
  ip: string;
  created_at: number;
  flagged_at: number | null;
  flag_reason: string | null;
  /** The photo of the signed paper form (assisted_consent_photos.ref); null for a code by text message. */
  photo_ref: Generated<string | null>;
}

/** A one-time code texted to a citizen's phone at a helper's request; only its hash is kept. */
export interface AssistedSmsCodesTable {
  id: Generated<number>;
  helper_id: UserId;
  phone: PhoneNumber;
  code_hash: string;
  created_at: number;
  expires_at: number;
  failed_attempts: number;
  used_at: number | null;
}

/** The photo of a signed paper consent form, re-encoded (no metadata). */
export interface AssistedConsentPhotosTable {
  id: Generated<number>;
  /** Random: the consent's evidence names the photo by it. */
  ref: string;
  user_id: UserId;
  helper_id: UserId;
  mime: string;
  width: number;
  height: number;
  bytes: Buffer;
  created_at: number;
}
