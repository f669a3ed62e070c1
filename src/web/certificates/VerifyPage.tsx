/**
 * The public page a certificate's QR code opens. The register says whether the
 * certificate is valid, revoked or unknown; the token after "#" (which never
 * reaches a server log) says whether the QR itself was tampered with, and a QR
 * that was is never shown as valid.
 */
import { language, t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useApi } from '../ui/useApi.js';
import { formatDate } from '../../shared/i18n/format.js';

export function VerifyPage({ code }: { code: string }) {
  const token = typeof location === 'undefined' ? '' : location.hash.slice(1);
  const { data, error } = useApi('GET /api/verify/:code', { params: { code }, query: { token: token || undefined } });
  if (error?.status === 400) return <Outcome kind="unknown" title={t('verify.unknown')} />;
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  const c = data.certificate;
  if (data.status === 'invalid' || data.signature === 'invalid') return <Outcome kind="bad" title={t('verify.tampered')} />;
  if (!c) return <Outcome kind="unknown" title={t('verify.unknown')} />;
  return (
    <>
      {data.status === 'valid' ? (
        <Outcome kind="good" title={t('verify.valid')} />
      ) : (
        <Outcome kind="bad" title={t('verify.revoked', { date: formatDate(language.value, (c.revokedAt ?? '').slice(0, 10)), reason: c.revokedReason ?? '' })} />
      )}
      <dl class="card verify-details">
        <dt>{t('verify.learner')}</dt>
        <dd>{c.learnerName}</dd>
        <dt>{t('verify.course')}</dt>
        <dd>{c.courseTitle}</dd>
        <dt>{t('verify.issuedOn')}</dt>
        <dd>{formatDate(language.value, c.issuedOn)}</dd>
        <dt>{t('verify.issuer')}</dt>
        <dd>{c.issuerName}</dd>
        <dt>{t('verify.code')}</dt>
        <dd>{c.code}</dd>
        {c.competences.length > 0 ? (
          <>
            <dt>{t('verify.competences')}</dt>
            <dd>{c.competences.join(', ')}</dd>
          </>
        ) : null}
      </dl>
      <p class="muted">{data.signature === 'absent' ? t('verify.signatureAbsent') : token.includes('.') ? t('verify.signatureValid') : t('verify.linkValid')}</p>
    </>
  );
}

function Outcome({ kind, title }: { kind: 'good' | 'bad' | 'unknown'; title: string }) {
  return (
    <div class={`verify-outcome verify-outcome--${kind}`} role="status">
      <span aria-hidden="true">{kind === 'good' ? '✓' : kind === 'bad' ? '✗' : '?'}</span>
      <h1>{title}</h1>
    </div>
  );
}
