/**
 * The big screen (1920×1080, read from the back of a hall), opened with /screen#<token> and no sign-in: the
 * programme's now and next, the countdown to the launch, who has pressed, the launch moment, then the figures since
 * the launch per commune. Updates arrive over server-sent events; the token rides in the stream's query because
 * EventSource cannot send headers (the fragment itself never reaches the server).
 */
import { useEffect, useState } from 'preact/hooks';
import { nowAndNext } from '../../shared/events.js';
import type { Answer } from '../api.js';
import { ApiError, api } from '../api.js';
import { t } from '../i18n/i18n.js';

type State = Answer<'GET /api/screen'>;

const celebrationMs = 15_000;
const time = (iso: string) => new Date(iso).toLocaleTimeString('vi-VN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Ho_Chi_Minh' });
const number = (n: number) => n.toLocaleString('vi-VN');

function countdown(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

/** A commune's cell: darker the more sign-ups, against the busiest commune. */
function shade(value: number, max: number): string {
  const share = max === 0 ? 0 : value / max;
  return `hsl(208, 70%, ${Math.round(92 - share * 62)}%)`;
}

function useScreen(token: string) {
  const [state, setState] = useState<State | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [offset, setOffset] = useState(0);
  useEffect(() => {
    if (!token) {
      setProblem(t('error.screen_token_invalid'));
      return;
    }
    const take = (next: State) => {
      setState(next);
      setOffset(Date.parse(next.now) - Date.now());
    };
    const refuse = (caught: unknown) => setProblem(caught instanceof ApiError ? caught.message : t('error.internal'));
    api('GET /api/screen', { query: { token } }).then(take, refuse);
    const source = new EventSource(`/api/screen/stream?token=${encodeURIComponent(token)}`);
    source.addEventListener('state', (e) => {
      setProblem(null);
      take(JSON.parse((e as MessageEvent<string>).data) as State);
    });
    source.addEventListener('revoked', () => {
      source.close();
      setProblem(t('error.screen_token_revoked'));
    });
    // A refused stream (401) is not retried by the browser: ask once more to say why.
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) api('GET /api/screen', { query: { token } }).then(take, refuse);
    };
    return () => source.close();
  }, [token]);
  return { state, problem, offset };
}

export function ScreenPage() {
  const [token] = useState(() => decodeURIComponent(location.hash.slice(1)));
  const { state, problem, offset } = useScreen(token);
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, []);
  if (problem && !state) {
    return (
      <div class="screen screen--message" role="alert">
        <p>{problem}</p>
      </div>
    );
  }
  if (!state) return <div class="screen screen--message">{t('common.loading')}</div>;
  const serverNow = now + offset;
  const launch = state.launch;
  const launchedAt = launch?.launchedAt ? Date.parse(launch.launchedAt) : null;
  const items = state.agenda.map((a) => ({ ...a, startsAt: Date.parse(a.startsAt) }));
  const { now: current, next } = nowAndNext(items, serverNow);
  const pressed = launch?.leaders.filter((l) => l.pressed).length ?? 0;
  const max = Math.max(0, ...(state.counts?.communes.map((c) => c.signUps) ?? [0]));
  return (
    <div class="screen">
      {problem ? (
        <p class="screen__problem" role="alert">
          {problem}
        </p>
      ) : null}
      <header class="screen__header">
        <h1>{state.event.title}</h1>
      </header>
      {launchedAt !== null && serverNow - launchedAt < celebrationMs ? (
        <div class="screen__celebration" role="status">
          <p>{t('launch.screenLaunched')}</p>
        </div>
      ) : null}
      <div class="screen__body">
        <section class="screen__programme">
          <h2>{t('launch.screenNow')}</h2>
          <p class="screen__item">{current ? `${time(new Date(current.startsAt).toISOString())} · ${current.content}` : '—'}</p>
          <h2>{t('launch.screenNext')}</h2>
          <p class="screen__item">{next ? `${time(new Date(next.startsAt).toISOString())} · ${next.content}` : '—'}</p>
        </section>
        {launch && launchedAt === null ? (
          <section class="screen__launch">
            {launch.plannedAt ? (
              <>
                <h2>{t('launch.screenCountdown')}</h2>
                <p class="screen__countdown">{countdown(Date.parse(launch.plannedAt) - serverNow)}</p>
              </>
            ) : null}
            <h2>{t('launch.pressedCount', { pressed, needed: launch.pressesNeeded })}</h2>
            <ul class="screen__leaders">
              {launch.leaders.map((l) => (
                <li key={l.fullName} class={l.pressed ? 'pressed' : ''}>
                  {l.pressed ? '✔ ' : '○ '}
                  {l.fullName}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {state.counts ? (
          <section class="screen__counts">
            <dl class="screen__totals">
              <div>
                <dt>{t('launch.screenSignUps')}</dt>
                <dd data-testid="screen-signups">{number(state.counts.signUps)}</dd>
              </div>
              <div>
                <dt>{t('launch.screenActive')}</dt>
                <dd>{number(state.counts.active)}</dd>
              </div>
              <div>
                <dt>{t('launch.screenCompleted')}</dt>
                <dd>{number(state.counts.completed)}</dd>
              </div>
            </dl>
            <ol class="screen__ranking">
              {state.counts.communes.slice(0, 10).map((c) => (
                <li key={c.code}>
                  <span>{c.name}</span> <strong>{number(c.signUps)}</strong>
                </li>
              ))}
            </ol>
            <ul class="screen__grid" aria-label={t('launch.screenGrid')}>
              {state.counts.communes.map((c) => (
                <li key={c.code} title={`${c.name}: ${c.signUps}`} style={{ background: shade(c.signUps, max), color: c.signUps > max / 2 ? '#fff' : '#1b1b1b' }}>
                  {c.name}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
    </div>
  );
}
