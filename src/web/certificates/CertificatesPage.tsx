/** My certificates: download to print, share as a picture or a link, take the Open Badge elsewhere. */
import { useState } from 'preact/hooks';
import type { Static } from 'typebox';
import { formatDate } from '../../shared/i18n/format.js';
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useApi } from '../ui/useApi.js';
import type { Certificate } from '../../server/certificates/certificates.schema.js';


export function CertificatesPage() {
  const { data, error } = useApi('GET /api/me/certificates');
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  return (
    <>
      <h1>{t('certificates.title')}</h1>
      {data.certificates.length === 0 ? <p>{t('certificates.none')}</p> : null}
      {data.certificates.map((c) => (
        <CertificateCard key={c.code} certificate={c} />
      ))}
    </>
  );
}

function CertificateCard({ certificate: c }: { certificate: Static<typeof Certificate> }) {
  const [shared, setShared] = useState<string | null>(null);
  const base = `/api/certificates/${c.code}`;
  const share = async () => {
    const text = t('certificates.shareText', { course: c.courseTitle });
    try {
      if (navigator.share) await navigator.share({ title: c.courseTitle, text, url: c.verifyUrl });
      else {
        await navigator.clipboard.writeText(c.verifyUrl);
        setShared(t('certificates.linkCopied'));
      }
    } catch {
      // The person closed the share sheet: nothing to say.
    }
  };
  return (
    <section class="card certificate-card">
      <h2>{c.courseTitle}</h2>
      <p>
        {t('certificates.issuedOn', { date: formatDate(language.value, c.issuedOn) })} · {c.issuer.name}
      </p>
      <p class="muted">
        {t('certificates.code')}: <strong>{c.code}</strong>
      </p>
      {c.status === 'revoked' ? (
        <p class="form-error" role="alert">
          {t('verify.revoked', { date: formatDate(language.value, (c.revokedAt ?? '').slice(0, 10)), reason: c.revokedReason ?? '' })}
        </p>
      ) : null}
      <p class="actions">
        <a class="button" href={`${base}/certificate.pdf`} download>
          {t('certificates.downloadPdf')}
        </a>
        <a class="button button--secondary" href={`${base}/image.png`} download>
          {t('certificates.downloadImage')}
        </a>
        <button type="button" class="button button--secondary" onClick={share}>
          {t('certificates.share')}
        </button>
        <a class="button button--secondary" href={`${base}/badge.json`} download>
          {t('certificates.openBadge')}
        </a>
      </p>
      {shared ? (
        <p class="success" role="status">
          {shared}
        </p>
      ) : null}
      <p>
        <a href={c.verifyUrl}>{t('certificates.verifyLink')}</a>
      </p>
    </section>
  );
}
