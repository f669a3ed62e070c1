/** A leader's phone at the ceremony: one huge button, then how many presses are still awaited, then "launched". */
import { useEffect, useState } from 'preact/hooks';
import type { Answer } from '../api.js';
import { api } from '../api.js';
import { t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';

type View = Answer<'GET /api/events/:id/launch/me'>;

export function LeaderPage({ id }: { id: string }) {
  const eventId = Number(id);
  const { data, error, reload } = useApi('GET /api/events/:id/launch/me', { params: { id: eventId } });
  const [view, setView] = useState<View | undefined>(undefined);
  const { busy, error: pressError, run } = useSubmit();
  useEffect(() => setView(data), [data]);
  // Until the launch, the others' presses show up within a few seconds.
  useEffect(() => {
    if (view?.launchedAt) return;
    const timer = setInterval(reload, 3_000);
    return () => clearInterval(timer);
  }, [view?.launchedAt, reload]);
  if (error) return <ErrorMessage error={error} />;
  if (!view) return <Loading />;
  const press = async () => {
    const answer = await run(() => api('POST /api/events/:id/launch/press', { params: { id: eventId } }));
    if (answer) setView(answer);
  };
  const waiting = view.pressesNeeded - view.presses;
  return (
    <section class="launch-leader">
      <h1>{view.title}</h1>
      <FormError error={pressError} />
      {view.launchedAt ? (
        <p class="launch-leader__done" role="status">
          {t('launch.launched')}
        </p>
      ) : view.pressedByMe ? (
        <p class="launch-leader__waiting" role="status">
          {t('launch.pressedWaiting', { count: Math.max(0, waiting) })}
        </p>
      ) : (
        <button type="button" class="launch-button" disabled={busy} onClick={press}>
          {t('launch.press')}
        </button>
      )}
      <p class="muted">{t('launch.pressedCount', { pressed: view.presses, needed: view.pressesNeeded })}</p>
      {view.eventStatus !== 'live' && !view.launchedAt ? <p class="muted">{t('error.launch_event_not_live')}</p> : null}
    </section>
  );
}
