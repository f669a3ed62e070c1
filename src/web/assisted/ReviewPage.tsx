/**
 * The review of assisted sign-ups for a unit's managers: fraud signals with a one-tap flag, the flagged list, and
 * call-back verification (draw a random sample, call each person, record what they said).
 */
import { useState } from 'preact/hooks';
import type { Static } from 'typebox';
import type { CallbackList, SignupItem } from '../../server/assisted/review.schema.js';
import { formatDateTime, formatDayMonth, formatNumber } from '../../shared/i18n/format.js';
import { api } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { DataTable } from '../ui/DataTable.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextArea, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { CreditTables } from './CreditTable.js';

type Signup = Static<typeof SignupItem>;
type Callbacks = Static<typeof CallbackList>;
const when = (iso: string) => formatDateTime(language.value, iso);
const number = (n: number) => formatNumber(language.value, n);
const outcomes = ['confirmed', 'not_reachable', 'denied'] as const;

/** A denied call-back flags with a code; the rest are the manager's words. */
const reasonText = (reason: string | null) => (reason?.startsWith('callback_denied') ? `${t('review.deniedReason')}${reason.slice('callback_denied'.length)}` : (reason ?? ''));

function SignupLine({ signup }: { signup: Signup }) {
  return (
    <span>
      <strong>{signup.personName}</strong> · {t('review.helper', { helper: signup.helperName })} · {when(signup.at)}
    </span>
  );
}

export function ReviewPage({ code }: { code: string }) {
  const params = { code };
  const signals = useApi('GET /api/units/:code/review/signals', { params });
  const flagged = useApi('GET /api/units/:code/review/flagged', { params });
  const credit = useApi('GET /api/units/:code/review/credit', { params });
  const { busy, error, run } = useSubmit();

  const flag = async (signupId: Signup['id'], reason: string | null) => {
    const done = await run(() => api('PUT /api/units/:code/review/flags', { params, body: reason === null ? { signupId, flagged: false } : { signupId, flagged: true, reason } }));
    if (done) {
      signals.reload();
      flagged.reload();
    }
  };

  return (
    <div class="wide">
      <p>
        <a href={`/dashboard/${encodeURIComponent(code)}`}>← {t('nav.dashboard')}</a>
      </p>
      <h1>{t('review.title')}</h1>
      <FormError error={error} />
      <section class="card">
        <h2>{t('credit.title30')}</h2>
        {credit.error ? <ErrorMessage error={credit.error} /> : null}
        {credit.data ? <CreditTables teams={credit.data.teams} /> : credit.error ? null : <Loading />}
      </section>
      <section class="card">
        <h2>{t('review.signals')}</h2>
        {signals.error ? <ErrorMessage error={signals.error} /> : null}
        {!signals.data && !signals.error ? <Loading /> : null}
        {signals.data ? (
          <>
            <p class="muted">{t('review.period', { from: formatDayMonth(language.value, signals.data.period.from), to: formatDayMonth(language.value, signals.data.period.to), count: signals.data.signups })}</p>
            {signals.data.truncated ? <p>{t('review.truncated')}</p> : null}
            {signals.data.signals.length === 0 ? <p>{t('review.noSignals')}</p> : null}
            {signals.data.signals.map((signal) => (
              <div key={`${signal.kind}:${signal.detail}`} class="card">
                <h3>
                  {t(`review.signal.${signal.kind}`)}: {signal.detail}
                </h3>
                <ul class="plain-list">
                  {signal.signups.map((s) => (
                    <li key={s.id} class="review-row">
                      <SignupLine signup={s} />
                      {s.flaggedAt ? (
                        <span class="muted"> · {t('review.isFlagged')}</span>
                      ) : (
                        <button type="button" class="button button--secondary" disabled={busy} onClick={() => flag(s.id, `${t(`review.signal.${signal.kind}`)}: ${signal.detail}`)}>
                          {t('review.flag')}
                        </button>
                      )}
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </>
        ) : null}
      </section>

      <section class="card">
        <h2>{t('review.flagged')}</h2>
        {flagged.error ? <ErrorMessage error={flagged.error} /> : null}
        {flagged.data?.signups.length === 0 ? <p>{t('review.noFlagged')}</p> : null}
        <ul class="plain-list">
          {flagged.data?.signups.map((s) => (
            <li key={s.id} class="review-row">
              <SignupLine signup={s} />
              <span class="break"> · {reasonText(s.flagReason)}</span>
              <button type="button" class="button button--secondary" disabled={busy} onClick={() => flag(s.id, null)}>
                {t('review.unflag')}
              </button>
            </li>
          ))}
        </ul>
      </section>

      <Callbacks code={code} onFlagged={flagged.reload} />
    </div>
  );
}

function Callbacks({ code, onFlagged }: { code: string; onFlagged(): void }) {
  const params = { code };
  const list = useApi('GET /api/units/:code/review/callbacks', { params });
  const today = new Date(Date.now() + 7 * 3_600_000).toISOString().slice(0, 10);
  const [from, setFrom] = useState(new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10));
  const [to, setTo] = useState(today);
  const [size, setSize] = useState('10');
  const [percent, setPercent] = useState('');
  const [drawn, setDrawn] = useState<number | null>(null);
  const [notes, setNotes] = useState<Record<number, string>>({});
  const { busy, error, run, fieldError } = useSubmit();

  const show = (answer: Callbacks | undefined) => {
    if (!answer) return;
    list.setData(answer);
    if (answer.drawn !== undefined) setDrawn(answer.drawn);
  };
  const draw = async () => {
    const amount = percent.trim() !== '' ? { percent: Number(percent) } : { size: Number(size) };
    show(await run(() => api('POST /api/units/:code/review/callbacks', { params, body: { from, to, ...amount } })));
  };
  const record = async (callbackId: number, outcome: (typeof outcomes)[number]) => {
    const note = notes[callbackId]?.trim();
    show(await run(() => api('PUT /api/units/:code/review/callbacks', { params, body: { callbackId, outcome, ...(note ? { note } : {}) } })));
    if (outcome === 'denied') onFlagged();
  };

  return (
    <section class="card">
      <h2>{t('review.callbacks')}</h2>
      <p class="muted">{t('review.callbacksHint')}</p>
      <TextField label={t('review.from')} name="from" type="date" value={from} onValue={setFrom} error={fieldError('from')} />
      <TextField label={t('review.to')} name="to" type="date" value={to} onValue={setTo} error={fieldError('to')} />
      <TextField label={t('review.size')} name="size" type="number" inputMode="numeric" value={size} onValue={setSize} error={fieldError('size')} />
      <TextField label={t('review.percent')} name="percent" type="number" inputMode="numeric" value={percent} onValue={setPercent} error={fieldError('percent')} />
      <FormError error={error} />
      <button type="button" class="button" disabled={busy} onClick={draw}>
        {t('review.draw')}
      </button>
      {drawn !== null ? <p role="status">{t('review.drawn', { count: drawn })}</p> : null}

      {list.error ? <ErrorMessage error={list.error} /> : null}
      {list.data ? (
        <>
          {list.data.teams.length > 0 ? (
            <DataTable
              caption={t('review.byTeam')}
              columns={[t('dashboard.team'), t('review.sampled'), ...outcomes.map((o) => t(`review.outcome.${o}`))]}
              rows={list.data.teams.map((team) => ({ key: String(team.teamId), cells: [team.teamName, number(team.sampled), number(team.confirmed), number(team.notReachable), number(team.denied)] }))}
            />
          ) : null}
          <p class="muted">{t('review.personal')}</p>
          {list.data.callbacks.length === 0 ? <p>{t('review.noCallbacks')}</p> : null}
          <ul class="plain-list">
            {list.data.callbacks.map((c) => (
              <li key={c.id} class="card">
                <p>
                  <SignupLine signup={c.signup} />
                </p>
                <p>
                  <a class="button button--secondary" href={`tel:${c.phone}`}>
                    {t('review.call', { phone: c.phone })}
                  </a>
                </p>
                {c.outcome ? (
                  <p>
                    <strong>{t(`review.outcome.${c.outcome}`)}</strong>
                    {c.note ? ` · ${c.note}` : ''} · {when(c.recordedAt!)}
                  </p>
                ) : (
                  <>
                    <TextArea label={t('review.note')} rows={2} value={notes[c.id] ?? ''} onValue={(v) => setNotes({ ...notes, [c.id]: v })} />
                    <div class="review-outcomes">
                      {outcomes.map((o) => (
                        <button key={o} type="button" class={`button${o === 'confirmed' ? '' : ' button--secondary'}`} disabled={busy} onClick={() => record(c.id, o)}>
                          {t(`review.outcome.${o}`)}
                        </button>
                      ))}
                    </div>
                  </>
                )}
              </li>
            ))}
          </ul>
        </>
      ) : (
        <Loading />
      )}
    </section>
  );
}
