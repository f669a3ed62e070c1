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
}
