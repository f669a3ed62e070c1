/** On the profile page: print my own sign-in card ("on request"), or revoke it when it is lost. */
import { useState } from 'preact/hooks';
import { type Answer, api, fetchFile } from '../api.js';
import { t } from '../i18n/i18n.js';
import { FormError, useSubmit } from '../ui/forms.js';
import { saveFile } from './files.js';
import { when } from './when.js';

export function MyCardSection({ state, reload }: { state: Answer<'GET /api/cards/mine'> | undefined; reload(): void }) {
  const { busy, error, run } = useSubmit();
  const [notice, setNotice] = useState<string | null>(null);
  if (!state) return null;

  const print = async () => {
    setNotice(null);
    const pdf = await run(() => fetchFile('POST /api/cards/mine/print', { body: { layout: 'a6' } }));
    if (!pdf) return;
    saveFile(pdf, 'the-dang-nhap.pdf');
    setNotice(t('cards.mine.printed'));
    reload();
  };
  const revoke = async () => {
    setNotice(null);
    if (await run(async () => (await api('DELETE /api/cards/mine'), true))) {
      setNotice(t('cards.mine.revoked'));
      reload();
    }
  };

  return (
    <section class="card">
      <h2>{t('cards.mine.title')}</h2>
      <p>{t('cards.mine.intro')}</p>
      {state.card ? (
        <p>
          {t('cards.mine.has', { date: when(state.card.issuedAt) })} {state.card.lastUsedAt ? t('cards.mine.lastUsed', { date: when(state.card.lastUsedAt) }) : null}
        </p>
      ) : (
        <p class="muted">{t('cards.mine.none')}</p>
      )}
      <FormError error={error} />
      {notice ? <p class="success" role="status">{notice}</p> : null}
      <button class="button button--secondary" type="button" disabled={busy} onClick={() => void print()}>
        {t('cards.mine.print')}
      </button>
      {state.card ? (
        <button class="button button--secondary" type="button" disabled={busy} onClick={() => void revoke()}>
          {t('cards.mine.revoke')}
        </button>
      ) : null}
    </section>
  );
}
