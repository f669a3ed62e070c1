/**
 * The door scanner of an event (/organise/events/:id/scan): choose the venue, keep the event's list on the phone,
 * then scan invitation QRs (or type the door code, or find the person by phone). Each scan is judged on the phone
 * against the list (SHA-256 of the secret), shown at once in large type — green, amber or red — and queued in the
 * outbox, which the server judges again when the network allows; what it says otherwise is shown below.
 */
import { useEffect, useState } from 'preact/hooks';
import type { CheckinList, PhoneMatches } from '../../server/checkin/checkin.schema.js';
import type { CheckinResult } from '../../shared/checkin.js';
import { invitationSecretFromScan } from '../../shared/events.js';
import type { EventId, InvitationId, ParticipantGroupId, VenueId } from '../../shared/ids.js';
import { normalizeVietnameseMobile } from '../../shared/phone.js';
import { api } from '../api.js';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextField, useSubmit } from '../ui/forms.js';
import { QrScanner } from '../ui/QrScanner.js';
import { useApi } from '../ui/useApi.js';
import { keepScansSent, loadList, newNonce, queuedScans, queueScan, saveList, serverReports } from './door-store.js';

type Entry = CheckinList['entries'][number];
interface Verdict {
  result: CheckinResult | 'nonce_reused';
  fullName: string | null;
  group: string | null;
  note: string | null;
}

const tone = (result: Verdict['result']) => (result === 'checked_in' ? 'green' : result === 'already' ? 'amber' : 'red');

async function sha256Hex(text: string): Promise<string | null> {
  // crypto.subtle exists only on secure pages (HTTPS, localhost); elsewhere the server alone judges.
  if (!crypto.subtle) return null;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function deviceId(): string {
  const key = 'hoctap.checkin.device';
  try {
    const known = localStorage.getItem(key);
    if (known) return known;
    const made = `door-${newNonce().slice(0, 12)}`;
    localStorage.setItem(key, made);
    return made;
  } catch {
    return 'door-unnamed';
  }
}

const venueKey = (eventId: EventId) => `hoctap.checkin.venue.${eventId}`;

function VerdictBox({ verdict }: { verdict: Verdict }) {
  return (
    <div class={`verdict verdict--${tone(verdict.result)}`} role="status" aria-live="assertive">
      <p class="verdict__title">{t(`checkin.result.${verdict.result}`)}</p>
      {verdict.fullName ? <p class="verdict__name">{verdict.fullName}</p> : null}
      {verdict.group ? <p>{verdict.group}</p> : null}
      {verdict.note ? <p>{verdict.note}</p> : null}
    </div>
  );
}

function Door({ eventId, venueId, groups, userId }: { eventId: EventId; venueId: VenueId; groups: { id: ParticipantGroupId; name: string }[]; userId: number }) {
  const [list, setList] = useState<CheckinList | null | undefined>(undefined);
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [matches, setMatches] = useState<PhoneMatches['matches'] | null>(null);
  const [online, setOnline] = useState(navigator.onLine);
  const device = deviceId();
  const { busy, error, run } = useSubmit();

  const download = async () => {
    const fresh = await run(() => api('GET /api/events/:id/venues/:venueId/checkin-list', { params: { id: eventId, venueId } }));
    if (fresh) {
      await saveList(fresh);
      setList(fresh);
    }
  };
  useEffect(() => {
    void loadList(eventId, venueId).then((kept) => {
      setList(kept ?? null);
      if (navigator.onLine) void download();
    });
    const stop = keepScansSent(userId, eventId, device);
    const status = () => setOnline(navigator.onLine);
    addEventListener('online', status);
    addEventListener('offline', status);
    return () => {
      stop();
      removeEventListener('online', status);
      removeEventListener('offline', status);
    };
  }, [eventId, venueId]);

  const venueName = (id: number) => list?.venues.find((v) => v.id === id)?.name ?? '';

  /** Judged on the phone as the server will judge it; the person, once let in, is marked in the kept list. */
  const judge = async (entry: Entry | undefined): Promise<Verdict> => {
    if (!entry) return { result: 'unknown', fullName: null, group: null, note: null };
    const person = { fullName: entry.fullName, group: entry.group };
    if (entry.checkedIn) {
      return entry.checkedIn.venueId === venueId
        ? { result: 'already', ...person, note: null }
        : { result: 'conflict', ...person, note: t('checkin.countedAt', { venue: venueName(entry.checkedIn.venueId) }) };
    }
    if (entry.venueId !== venueId) return { result: 'wrong_venue', ...person, note: t('checkin.invitedAt', { venue: venueName(entry.venueId) }) };
    if (list) {
      const updated = { ...list, entries: list.entries.map((e) => (e === entry ? { ...e, checkedIn: { venueId, at: new Date().toISOString() } } : e)) };
      setList(updated);
      await saveList(updated);
    }
    return { result: 'checked_in', ...person, note: null };
  };

  const record = async (target: { secret: string } | { code: string } | { invitationId: InvitationId }, entry: Entry | undefined) => {
    setVerdict(await judge(entry));
    const nonce = newNonce();
    await queueScan({ nonce, eventId, userId, scan: { nonce, venueId, scannedAt: new Date().toISOString(), ...target } });
  };

  const scanned = async (text: string) => {
    const secret = invitationSecretFromScan(text);
    const hash = secret ? await sha256Hex(secret) : null;
    await record({ secret: (secret ?? text).slice(0, 300) }, hash ? list?.entries.find((e) => e.secretHash === hash) : undefined);
  };

  const typed = async (text: string) => {
    setMatches(null);
    if (normalizeVietnameseMobile(text)) {
      const found = await run(() => api('GET /api/events/:id/checkin-search', { params: { id: eventId }, query: { phone: text } }));
      if (found) setMatches(found.matches);
      return;
    }
    const code = text.replace(/\s+/g, '').toUpperCase();
    await record({ code }, list?.entries.find((e) => e.code === code));
  };

  return (
    <>
      {verdict ? <VerdictBox verdict={verdict} /> : null}
      <section class="card">
        <QrScanner onScan={(text) => void scanned(text)} onTyped={(text) => void typed(text)} busy={busy} />
        <FormError error={error} />
        {matches !== null ? (
          matches.length === 0 ? (
            <p>{t('checkin.noMatch')}</p>
          ) : (
            <ul class="card-people">
              {matches.map((m) => (
                <li key={m.invitationId}>
                  <strong>{m.fullName}</strong> · {m.group ?? t('checkin.noGroup')} · {m.venue.name}
                  <button
                    type="button"
                    class="button button--secondary"
                    onClick={() => {
                      setMatches(null);
                      void record({ invitationId: m.invitationId }, list?.entries.find((e) => e.invitationId === m.invitationId));
                    }}
                  >
                    {t('checkin.checkInPerson')}
                  </button>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>
      <section class="card">
        {!online ? <p class="banner banner--offline">{t('checkin.offline')}</p> : null}
        <p>{list ? t('checkin.listReady', { count: list.entries.length }) : list === null ? t('checkin.listMissing') : null}</p>
        <p role="status">{queuedScans.value.length > 0 ? t('checkin.pending', { count: queuedScans.value.length }) : t('checkin.synced')}</p>
        <button type="button" class="button button--secondary" disabled={busy || !online} onClick={() => void download()}>
          {t('checkin.refreshList')}
        </button>
        {serverReports.value.length > 0 ? (
          <ul>
            {serverReports.value.map((r) => (
              <li key={r.nonce}>
                {t('checkin.serverSays', { result: t(`checkin.result.${r.result}`) })}
                {r.fullName ? ` · ${r.fullName}` : ''}
                {r.venue ? ` · ${r.venue.name}` : ''}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <WalkInForm eventId={eventId} venueId={venueId} groups={groups} device={device} onDone={setVerdict} />
      <DoorSignupForm eventId={eventId} venueId={venueId} groups={groups} device={device} onDone={setVerdict} />
    </>
  );
}

function WalkInForm({ eventId, venueId, groups, device, onDone }: { eventId: EventId; venueId: VenueId; groups: { id: ParticipantGroupId; name: string }[]; device: string; onDone(v: Verdict): void }) {
  const [phone, setPhone] = useState('');
  const [fullName, setFullName] = useState('');
  const [birthYear, setBirthYear] = useState('');
  const [groupId, setGroupId] = useState(groups[0]?.id ?? null);
  const { busy, error, run, fieldError } = useSubmit();
  if (groups.length === 0 || groupId === null) return null;
  const submit = async (event: Event) => {
    event.preventDefault();
    const done = await run(() =>
      api('POST /api/events/:id/walk-ins', { params: { id: eventId }, body: { nonce: newNonce(), deviceId: device, venueId, groupId, phone, fullName, birthYear: Number(birthYear) || 0 } }),
    );
    if (done) {
      onDone({ result: done.scan.result, fullName: done.scan.fullName, group: done.scan.group, note: null });
      setPhone('');
      setFullName('');
      setBirthYear('');
    }
  };
  return (
    <details class="card">
      <summary>{t('checkin.walkIn')}</summary>
      <form onSubmit={submit}>
        <TextField name="phone" label={t('checkin.phone')} value={phone} onValue={setPhone} type="tel" required error={fieldError('phone')} />
        <TextField name="fullName" label={t('checkin.fullName')} value={fullName} onValue={setFullName} required error={fieldError('fullName')} />
        <TextField name="birthYear" label={t('checkin.birthYear')} value={birthYear} onValue={setBirthYear} inputMode="numeric" required error={fieldError('birthYear')} />
        <GroupSelect id="walk-in-group" groups={groups} value={groupId} onValue={setGroupId} />
        <FormError error={error} />
        <button type="submit" class="button" disabled={busy}>
          {t('checkin.register')}
        </button>
      </form>
    </details>
  );
}

/** The participant group a person is registered in at the door. */
function GroupSelect({ id, groups, value, onValue }: { id: string; groups: { id: ParticipantGroupId; name: string }[]; value: ParticipantGroupId; onValue(id: ParticipantGroupId): void }) {
  return (
    <div class="field">
      <label for={id}>{t('checkin.group')}</label>
      <select id={id} value={value} onChange={(e) => onValue(Number((e.target as HTMLSelectElement).value) as ParticipantGroupId)}>
        {groups.map((g) => (
          <option key={g.id} value={g.id}>
            {g.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Help at the door: the delegate has no account; a code texted to their phone, read back, is their consent. */
function DoorSignupForm({ eventId, venueId, groups, device, onDone }: { eventId: EventId; venueId: VenueId; groups: { id: ParticipantGroupId; name: string }[]; device: string; onDone(v: Verdict): void }) {
  const [phone, setPhone] = useState('');
  const [codeId, setCodeId] = useState<number | null>(null);
  const [code, setCode] = useState('');
  const [fullName, setFullName] = useState('');
  const [birthYear, setBirthYear] = useState('');
  const [groupId, setGroupId] = useState(groups[0]?.id ?? null);
  const { busy, error, run, fieldError } = useSubmit();
  if (groups.length === 0 || groupId === null) return null;
  const sendCode = async (event: Event) => {
    event.preventDefault();
    const sent = await run(() => api('POST /api/events/:id/door-codes', { params: { id: eventId }, body: { phone } }));
    if (sent) setCodeId(sent.codeId);
  };
  const signUp = async (event: Event) => {
    event.preventDefault();
    if (codeId === null) return;
    const done = await run(() =>
      api('POST /api/events/:id/door-signups', {
        params: { id: eventId },
        body: { nonce: newNonce(), deviceId: device, venueId, groupId, phone, fullName, birthYear: Number(birthYear) || 0, codeId, code },
      }),
    );
    if (done) {
      onDone({ result: done.scan.result, fullName: done.scan.fullName, group: done.scan.group, note: null });
      setPhone('');
      setCodeId(null);
      setCode('');
      setFullName('');
      setBirthYear('');
    }
  };
  return (
    <details class="card">
      <summary>{t('checkin.doorSignup')}</summary>
      <p class="muted">{t('checkin.doorSignupHint')}</p>
      {codeId === null ? (
        <form onSubmit={sendCode}>
          <TextField name="phone" label={t('checkin.phone')} value={phone} onValue={setPhone} type="tel" required error={fieldError('phone')} />
          <FormError error={error} />
          <button type="submit" class="button" disabled={busy}>
            {t('checkin.sendCode')}
          </button>
        </form>
      ) : (
        <form onSubmit={signUp}>
          <TextField name="code" label={t('checkin.consentCode')} value={code} onValue={setCode} inputMode="numeric" autoComplete="one-time-code" required error={fieldError('code')} />
          <TextField name="fullName" label={t('checkin.fullName')} value={fullName} onValue={setFullName} required error={fieldError('fullName')} />
          <TextField name="birthYear" label={t('checkin.birthYear')} value={birthYear} onValue={setBirthYear} inputMode="numeric" required error={fieldError('birthYear')} />
          <GroupSelect id="door-group" groups={groups} value={groupId} onValue={setGroupId} />
          <FormError error={error} />
          <button type="submit" class="button" disabled={busy}>
            {t('checkin.register')}
          </button>
        </form>
      )}
    </details>
  );
}

export function ScanPage({ id }: { id: string }) {
  const eventId = Number(id) as EventId;
  const me = session.value;
  const { data, error } = useApi('GET /api/events/:id/attendance', { params: { id: eventId } });
  const [venueId, setVenueId] = useState<VenueId | null>(() => {
    try {
      return (Number(localStorage.getItem(venueKey(eventId))) || null) as VenueId | null;
    } catch {
      return null;
    }
  });
  const choose = (id: VenueId) => {
    try {
      localStorage.setItem(venueKey(eventId), String(id));
    } catch {
      // Without storage the choice lasts as long as the page.
    }
    setVenueId(id);
  };
  if (!me) return <Loading />;
  const venue = data?.venues.find((v) => v.id === venueId);
  const groups = (venue?.groups ?? []).filter((g): g is typeof g & { id: ParticipantGroupId; name: string } => g.id !== null && g.name !== null && g.quota !== null);
  return (
    <div>
      <h1>{t('checkin.scanTitle')}</h1>
      {data ? <p class="muted">{data.title}</p> : null}
      {venueId === null || (data && !venue) ? (
        error ? (
          <ErrorMessage error={error} />
        ) : !data ? (
          <Loading />
        ) : (
          <section class="card">
            <h2>{t('checkin.chooseVenue')}</h2>
            {data.venues.map((v) => (
              <button key={v.id} type="button" class="button button--secondary" onClick={() => choose(v.id)}>
                {v.name}
              </button>
            ))}
          </section>
        )
      ) : (
        <>
          <p>
            <strong>{venue?.name ?? ''}</strong>{' '}
            <button type="button" class="button button--secondary button--small" onClick={() => setVenueId(null)}>
              {t('checkin.chooseVenue')}
            </button>
          </p>
          <Door key={venueId} eventId={eventId} venueId={venueId} groups={groups} userId={me.id} />
        </>
      )}
    </div>
  );
}
