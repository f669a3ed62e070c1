/**
 * Identity providers for admins: the configuration as the server read it (never the secret),
 * whether discovery reaches each provider, and a test sign-in that shows the claims received
 * without creating, linking or signing in any account.
 */
import { isMessageKey } from '../../../shared/i18n/translate.js';
import { t } from '../../i18n/i18n.js';
import { session } from '../../session.js';
import { ErrorMessage, Loading } from '../../ui/Feedback.js';
import { useApi } from '../../ui/useApi.js';

export function IdentityPage() {
  const me = session.value;
  const query = new URLSearchParams(location.search);
  const testId = query.get('test');
  const testError = query.get('testError');
  const { data: providers, error } = useApi(me ? 'GET /api/admin/identity/providers' : null);
  const { data: result, error: resultError } = useApi(me && testId ? 'GET /api/admin/identity/test-result' : null, { query: { id: testId ?? undefined } });
  if (!me) return <Loading />;

  return (
    <>
      <p>
        <a href="/admin">← {t('integrations.title')}</a>
      </p>
      <h1>{t('admin.identity.title')}</h1>
      <p>{t('admin.identity.intro')}</p>
      {testError && isMessageKey(`error.${testError}`) ? (
        <p class="form-error" role="alert">
          {t(`error.${testError}` as 'error.oidc_provider_unavailable', { provider: providers?.[0]?.name ?? '' })}
        </p>
      ) : null}
      {resultError ? <ErrorMessage error={resultError} /> : null}
      {result ? (
        <section class="card" aria-live="polite">
          <h2>{t('admin.identity.testResult', { provider: result.provider.name })}</h2>
          <p class="muted">{t('admin.identity.testNote')}</p>
          <h3>{t('admin.identity.idToken')}</h3>
          <pre class="claims">{JSON.stringify(result.idToken, null, 2)}</pre>
          <h3>{t('admin.identity.userInfo')}</h3>
          <pre class="claims">{JSON.stringify(result.userInfo, null, 2)}</pre>
        </section>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
      {!providers && !error ? <Loading /> : null}
      {providers?.length === 0 ? <p>{t('admin.identity.none')}</p> : null}
      {providers?.map((provider) => (
        <section class="card" key={provider.id}>
          <h2>{provider.name}</h2>
          <dl>
            <dt>{t('admin.identity.issuer')}</dt>
            <dd>{provider.issuer}</dd>
            <dt>{t('admin.identity.clientId')}</dt>
            <dd>{provider.clientId}</dd>
            <dt>{t('admin.identity.scopes')}</dt>
            <dd>{provider.scopes.join(' ')}</dd>
            <dt>{t('admin.identity.redirectUri')}</dt>
            <dd>{provider.redirectUri}</dd>
            <dt>{t('admin.identity.discovery')}</dt>
            <dd>{provider.discovery.status === 'ok' ? t('admin.identity.ok') : t('admin.identity.failed', { message: provider.discovery.message ?? '' })}</dd>
          </dl>
          <button type="button" class="button button--secondary" onClick={() => location.assign(`/api/admin/identity/test?provider=${encodeURIComponent(provider.id)}`)}>
            {t('admin.identity.test')}
          </button>
        </section>
      ))}
    </>
  );
}
