/** What a certificate shows, in Vietnamese: the text the PDF and the picture draw. */
import { translate } from '../../shared/i18n/translate.js';
import { formatDate } from '../../shared/i18n/format.js';
import { dayOf, isoOfDay } from '../../shared/days.js';
import { competenceNamesVi } from '../competences/competences.service.js';
import type { CertificateFace } from './certificate-render.js';
import { type CertificateRow, type CertificateSigner, verifyLink } from './certificates.service.js';

export function certificateFace(c: CertificateRow, origin: string, signer: CertificateSigner): CertificateFace {
  const label = (key: Parameters<typeof translate>[1]) => translate('vi', key);
  return {
    learnerName: c.learner_name,
    courseTitle: c.course_title,
    competences: (JSON.parse(c.competences) as string[]).map((code) => ({ code, name: competenceNamesVi().get(code) ?? code })),
    issuedOn: formatDate('vi', isoOfDay(dayOf(c.issued_at))),
    issuerName: c.issuer_name,
    signatoryName: c.signatory_name,
    signatoryTitle: c.signatory_title,
    code: c.code,
    verifyUrl: verifyLink(origin, signer, c),
    labels: {
      heading: label('certificate.heading'),
      certifies: label('certificate.certifies'),
      completed: label('certificate.completed'),
      competences: label('certificate.competences'),
      issuedOn: label('certificate.issuedOn'),
      code: label('certificate.code'),
      scanToVerify: label('certificate.scanToVerify'),
      platform: label('certificate.platform'),
    },
  };
}
