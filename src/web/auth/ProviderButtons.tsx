/**
 * "Đăng nhập bằng SmartAnGiang": one button per identity provider, above the password form, with
 * the reason when a provider sign-in came back refused, and, after signing out of a session that
 * began at a provider, the offer to sign out there too.
 */
import { isMessageKey } from '../../shared/i18n/translate.js';
import { safeReturnPath } from '../../shared/return-path.js';
import { t } from '../i18n/i18n.js';
import { useApi } from '../ui/useApi.js';

/** Where the PWA keeps the provider's logout address between signing out and the sign-in page. */
export const endSessionKey = 'hoctap.endSessionUrl';

function readEndSession(): string | null {
  try {
    const url = sessionStorage.getItem(endSessionKey);
    sessionStorage.removeItem(endSessionKey);
    return url && /^https?:\/\//.test(url) ? url : null;
  } catch {
    return null;
  }
}

export function ProviderButtons() {
  const { data: providers } = useApi('GET /api/auth/oidc/providers');
  const query = new URLSearchParams(location.search);
  const next = safeReturnPath(query.get('next'));
  const errorCode = query.get('oidcError');
  const errorProvider = providers?.find((p) => p.id === query.get('provider'))?.name ?? providers?.[0]?.name ?? '';
  const errorKey = errorCode ? `error.${errorCode}` : '';
  const endSession = readEndSession();

  return (
    <>
      {endSession ? (
        <div class="card" role="status">
          <p>{t('oidc.signedOut')}</p>
          <a class="button button--secondary" href={endSession}>
            {t('oidc.endSession')}
          </a>
        </div>
      ) : null}
      {errorKey && isMessageKey(errorKey) ? (
        <p class="form-error" role="alert">
          {t(errorKey, { provider: errorProvider })}
        </p>
      ) : null}
      {providers && providers.length > 0 ? (
        <div class="card">
          {providers.map((provider) => (
            <button
              key={provider.id}
              type="button"
              class="button"
              // A full-page navigation: the provider's pages are not the PWA's.
              onClick={() => location.assign(next === '/' ? provider.startUrl : `${provider.startUrl}&next=${encodeURIComponent(next)}`)}
            >
              {t('oidc.signInWith', { name: provider.name })}
            </button>
          ))}
          <p class="muted">{t('oidc.orPassword')}</p>
        </div>
      ) : null}
    </>
  );
}
