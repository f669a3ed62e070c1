import type { Generated } from 'kysely';
import type { CertificateId, CourseId, UnitId, UserId } from '../../shared/ids.js';

/** Issued once per learner and course; what was signed is kept verbatim. */
export interface CertificatesTable {
  id: Generated<CertificateId>;
  code: string;
  user_id: UserId;
  course_id: CourseId;
  learner_name: string;
  course_title: string;
  /** JSON array of competence codes. */
  competences: string;
  issued_at: number;
  issuer_unit_id: UnitId;
  issuer_name: string;
  signatory_name: string;
  signatory_title: string;
  /** base64url of the signed JSON (certificate-signing.ts). */
  payload: string;
  signature: string;
  revoked_at: number | null;
  revoked_reason: string | null;
  revoked_by: UserId | null;
  /** Its bit in the published revocation status list (certificate_status_entries); null only before that existed. */
  status_index: number | null;
}

/**
 * One bit of the public revocation status list (W3C Bitstring Status List). A row outlives the certificate
 * holding it (an erased person's certificate goes, its index stays taken), so an index never changes hands.
 */
export interface CertificateStatusEntriesTable {
  status_index: number;
  revoked_at: number | null;
}
