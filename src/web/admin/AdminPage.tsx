/** The admin section: people and roles, the shipped courses, and one entry per integration screen. */
import { api } from '../api.js';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { useState } from 'preact/hooks';

const screens = [
  { href: '/people', title: 'people.title', hint: 'people.adminHint' },
  { href: '/admin/identity', title: 'admin.identity.title', hint: 'integrations.identityHint' },
  { href: '/admin/tokens', title: 'tokens.title', hint: 'integrations.tokensHint' },
  { href: '/admin/webhooks', title: 'webhooks.title', hint: 'integrations.webhooksHint' },
  { href: '/api/docs', title: 'integrations.docs', hint: 'integrations.docsHint' },
] as const;

/** The course packages that ship with the platform, each with its status here and a button that imports and publishes it. */
function ShippedCourses({ unitCode }: { unitCode: string }) {
  const { data, error, reload } = useApi('GET /api/units/:code/shipped-courses', { params: { code: unitCode } });
  const publishing = useSubmit();
  const [notice, setNotice] = useState('');
  const publish = async (name: string) => {
    setNotice('');
    const course = await publishing.run(() => api('POST /api/units/:code/shipped-courses/:package/publish', { params: { code: unitCode, package: name } }));
    if (course) {
      setNotice(t('shipped.published', { title: course.title }));
      reload();
    }
  };
  return (
    <section>
      <h2>{t('shipped.title')}</h2>
      <p>{t('shipped.intro')}</p>
      {notice ? <p role="status">{notice}</p> : null}
      <FormError error={publishing.error} />
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : null}
      <ul class="admin-screens">
        {data?.packages.map((p) => (
          <li key={p.package} class="card">
            <h3>{p.title}</h3>
            <p class="muted">
              {p.status === 'not_imported'
                ? t('shipped.status.not_imported')
                : p.status === 'imported'
                  ? t('shipped.status.imported', { version: p.version.slice(0, 7) })
                  : t('shipped.status.update_available', { version: p.version.slice(0, 7), current: (p.imported?.version ?? '').slice(0, 7) })}
            </p>
            {p.status === 'imported' ? null : (
              <button type="button" class="button" disabled={publishing.busy} onClick={() => publish(p.package)} aria-label={`${t(p.status === 'not_imported' ? 'shipped.publish' : 'shipped.publishNew')}: ${p.title}`}>
                {t(p.status === 'not_imported' ? 'shipped.publish' : 'shipped.publishNew')}
              </button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function AdminPage() {
  const me = session.value;
  if (me === undefined) return <Loading />;
  const adminUnit = me?.grants.find((g) => g.role === 'admin')?.unit.code;
  return (
    <div class="wide">
      <h1>{t('integrations.title')}</h1>
      <p>{t('integrations.intro')}</p>
      <ul class="admin-screens">
        {screens.map((screen) => (
          <li key={screen.href} class="card">
            {/* The API reference is a page of its own, outside the PWA's router: it opens in a new tab. */}
            <a class="button button--secondary" href={screen.href} {...(screen.href.startsWith('/api/') ? { target: '_blank', rel: 'noopener' } : {})}>
              {t(screen.title)}
            </a>
            <p class="muted">{t(screen.hint)}</p>
          </li>
        ))}
      </ul>
      {adminUnit ? <ShippedCourses unitCode={adminUnit} /> : null}
    </div>
  );
}
