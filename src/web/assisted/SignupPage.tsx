/**
 * Assisted sign-up on the helper's phone: the citizen's phone, name, birth year and hamlet, and their own consent
 * (a texted code they read back, or a photo of the form they signed). Nothing typed here is kept on the phone:
 * no localStorage, no service-worker cache; a paper sign-up made without a connection waits in the outbox
 * (IndexedDB) only until the server has it. After each sign-up the form is emptied.
 */
import { useEffect, useState } from 'preact/hooks';
import type { SignupAnswer, SignupInput } from '../../server/assisted/assisted.schema.js';
import type { ClassId } from '../../shared/ids.js';
import { limits } from '../../shared/limits.js';
import { normalizeVietnameseMobile } from '../../shared/phone.js';
import { api, ApiError } from '../api.js';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { flushSignups, isTransient, type QueuedSignup, queuedSignups, queueSignup, removeSignup, sendSignup } from './outbox.js';

/** 32 random hex characters (getRandomValues also works on plain-HTTP intranet addresses, unlike randomUUID). */
function randomId(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** A random id for this phone, kept in localStorage: it says nothing about anyone, and the review compares devices. */
function deviceId(): string {
  try {
    const known = localStorage.getItem('hoctap.device');
    if (known) return known;
    const made = `d-${randomId()}`;
    localStorage.setItem('hoctap.device', made);
    return made;
  } catch {
    return `d-${randomId()}`;
  }
}

/** A phone camera's photo, made small enough for a weak connection (the server re-encodes it again): base64 JPEG. */
async function photoForUpload(file: File): Promise<string> {
  let blob: Blob = file;
  try {
    const bitmap = await createImageBitmap(file);
    const scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(bitmap.width * scale);
    canvas.height = Math.round(bitmap.height * scale);
    canvas.getContext('2d')!.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
    blob = await new Promise<Blob>((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('toBlob'))), 'image/jpeg', 0.8));
  } catch {
    // An image the browser cannot draw goes as it is: the server decides.
  }
  const url = await new Promise<string>((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(blob);
  });
  return url.slice(url.indexOf(',') + 1);
}

type Channel = SignupInput['consent']['channel'];

/** `?class=<id>` when the helper came from a class's "sign up a walk-in". */
function classFromAddress(): ClassId | null {
  const id = Number(new URLSearchParams(location.search).get('class'));
  return Number.isSafeInteger(id) && id > 0 ? (id as ClassId) : null;
}
type PhoneCheckResult = { exists: boolean; fullName: string | null } | null;

export function AssistedSignupPage() {
  const me = session.value;
  const unitCode = me?.grants.find((g) => g.role === 'helper')?.unit.code;
  if (!me || !unitCode) return <p class="form-error">{t('assisted.notHelper')}</p>;
  return <SignupScreen helperId={me.id} unitCode={unitCode} />;
}

function SignupScreen({ helperId, unitCode }: { helperId: number; unitCode: string }) {
  const form = useApi('GET /api/units/:code/assisted', { params: { code: unitCode } });
  const [clientId, setClientId] = useState(randomId);
  const [phone, setPhone] = useState('');
  const [fullName, setFullName] = useState('');
  const [birthYear, setBirthYear] = useState('');
  const [hamletCode, setHamletCode] = useState('');
  const [channel, setChannel] = useState<Channel>('assisted_sms');
  const [codeId, setCodeId] = useState<number | null>(null);
  const [code, setCode] = useState('');
  const [photo, setPhoto] = useState<string | null>(null);
  const [check, setCheck] = useState<PhoneCheckResult>(null);
  const [done, setDone] = useState<SignupAnswer | null>(null);
  const classId = classFromAddress();
  const [joinedClass, setJoinedClass] = useState<boolean | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const { busy, error, setError, run, fieldError } = useSubmit();

  // What waits from an earlier visit shows at once (and is being sent by main.tsx's keepSignupsSent).
  useEffect(() => {
    void flushSignups(helperId);
  }, [helperId]);

  if (form.error) return <ErrorMessage error={form.error} />;
  if (!form.data) return <Loading />;
  const { unit, team, hamlets } = form.data;

  const clear = () => {
    setClientId(randomId());
    setPhone('');
    setFullName('');
    setBirthYear('');
    setHamletCode('');
    setCodeId(null);
    setCode('');
    setPhoto(null);
    setCheck(null);
    setNotice(null);
    setError(null);
  };

  const checkPhone = async () => {
    setCheck(null);
    if (!normalizeVietnameseMobile(phone)) return;
    const answer = await api('POST /api/units/:code/assisted/phone-check', { params: { code: unitCode }, body: { phone } }).catch(() => null);
    setCheck(answer);
  };

  const sendCode = async () => {
    if (!navigator.onLine) {
      setNotice(t('assisted.smsNeedsNetwork'));
      return;
    }
    if (!normalizeVietnameseMobile(phone)) {
      setError(new ApiError(400, 'invalid_phone', t('error.invalid_phone'), { phone: t('error.invalid_phone') }));
      return;
    }
    const sent = await run(() => api('POST /api/units/:code/assisted/sms-codes', { params: { code: unitCode }, body: { phone } }));
    if (sent) {
      setCodeId(sent.codeId);
      setNotice(t('assisted.codeSent'));
    }
  };

  const choosePhoto = async (event: Event) => {
    const file = (event.target as HTMLInputElement).files?.[0];
    setPhoto(file ? await photoForUpload(file) : null);
  };

  const finish = (answer: SignupAnswer) => {
    clear();
    setDone(answer);
    // A walk-in signed up from a class's page joins that class's attendance at once.
    if (classId !== null) void api('POST /api/classes/:id/attendance', { params: { id: classId }, body: { userId: answer.personId } }).then(() => setJoinedClass(true), () => setJoinedClass(false));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    const consent: SignupInput['consent'] =
      channel === 'assisted_sms' ? { channel, ...(codeId === null ? {} : { codeId }), ...(code ? { code } : {}) } : { channel, ...(photo ? { photo } : {}) };
    const body: SignupInput = { clientId, deviceId: deviceId(), phone, fullName, birthYear: Number(birthYear) || 0, ...(hamletCode ? { hamletCode } : {}), consent };
    if (channel === 'assisted_sms') {
      // A texted code needs the connection anyway: the sign-up goes straight, never through the outbox.
      const answer = await run(() => api('POST /api/units/:code/assisted/signups', { params: { code: unitCode }, body }));
      if (answer) finish(answer);
      return;
    }
    // Paper: on the phone first, so that a lost connection or a closed tab loses nothing.
    const waiting: QueuedSignup = { clientId, helperId, unitCode, body };
    const answer = await run(async () => {
      await queueSignup(waiting);
      try {
        return await sendSignup(waiting);
      } catch (caught) {
        if (isTransient(caught)) return null;
        await removeSignup(helperId, clientId);
        throw caught;
      }
    });
    if (answer) finish(answer);
    // Waiting in the outbox: the banner says so, and the form is free for the next person.
    else if (answer === null) clear();
  };

  const reopen = async (waiting: QueuedSignup) => {
    await removeSignup(helperId, waiting.clientId);
    clear();
    const b = waiting.body;
    setPhone(b.phone);
    setFullName(b.fullName);
    setBirthYear(String(b.birthYear));
    setHamletCode(b.hamletCode ?? '');
    setChannel(b.consent.channel);
    setPhoto(b.consent.photo ?? null);
    setDone(null);
  };

  const waitingCount = queuedSignups.value.filter((s) => !s.refused).length;
  return (
    <>
      <h1>{t('assisted.title')}</h1>
      <p class="muted">{t('assisted.where', { unit: unit.fullName, team: team.name })}</p>
      {waitingCount > 0 ? (
        <div class="banner" role="status">
          <p>{t('assisted.queued')}</p>
          <p>
            <strong>{t('assisted.waiting', { count: waitingCount })}</strong>
          </p>
        </div>
      ) : null}
      {queuedSignups.value
        .filter((s) => s.refused)
        .map((s) => (
          <div key={s.clientId} class="form-error">
            <p>{t('assisted.refused', { message: s.refused! })}</p>
            <button type="button" class="button button--small" onClick={() => void reopen(s)}>
              {t('assisted.reopen')}
            </button>
          </div>
        ))}
      {done ? (
        <div class="card">
          <p class="success" role="status">
            {t(done.linkedExisting ? 'assisted.doneLinked' : 'assisted.doneNew', { name: done.fullName })}
          </p>
          <a class="button" href={done.cardPage}>
            {t('assisted.printCard')}
          </a>
          {classId !== null && joinedClass !== null ? (
            <>
              <p class={joinedClass ? 'success' : 'form-error'} role="status">
                {t(joinedClass ? 'assisted.joinedClass' : 'assisted.notJoinedClass')}
              </p>
              <a class="button button--secondary" href={`/helper/classes/${classId}`}>
                {t('assisted.backToClass')}
              </a>
            </>
          ) : null}
          <button type="button" class="button button--secondary" onClick={() => setDone(null)}>
            {t('assisted.next')}
          </button>
        </div>
      ) : (
        <form class="card" onSubmit={submit} noValidate autoComplete="off">
          <FormError error={error} />
          <TextField
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="off"
            label={t('assisted.phone')}
            required
            value={phone}
            onValue={(v) => {
              setPhone(v);
              setCheck(null);
            }}
            onBlur={() => void checkPhone()}
            error={fieldError('phone')}
            maxLength={limits.phoneInputMaxLength}
          />
          {check ? (
            <p class="muted" role="status">
              {!check.exists ? t('assisted.phoneNew') : check.fullName ? t('assisted.phoneExistsNamed', { name: check.fullName }) : t('assisted.phoneExists')}
            </p>
          ) : null}
          <TextField name="fullName" autoComplete="off" label={t('field.fullName')} required value={fullName} onValue={setFullName} error={fieldError('fullName')} maxLength={limits.fullNameMaxLength} />
          <TextField name="birthYear" inputMode="numeric" autoComplete="off" label={t('field.birthYear')} required value={birthYear} onValue={setBirthYear} error={fieldError('birthYear')} maxLength={4} />
          <div class={`field${fieldError('hamletCode') ? ' field--error' : ''}`}>
            <label for="assisted-hamlet">{t('assisted.hamlet')}</label>
            {fieldError('hamletCode') ? <p class="field__error" role="alert">{fieldError('hamletCode')}</p> : null}
            <select id="assisted-hamlet" value={hamletCode} onChange={(e) => setHamletCode((e.target as HTMLSelectElement).value)}>
              <option value="">{t('assisted.wholeUnit', { unit: unit.fullName })}</option>
              {hamlets.map((h) => (
                <option key={h.code} value={h.code}>
                  {h.name}
                </option>
              ))}
            </select>
          </div>
          <fieldset class="field">
            <legend>{t('assisted.consentTitle')}</legend>
            {(['assisted_sms', 'assisted_paper'] as const).map((c) => (
              <div key={c} class="checkbox">
                <input id={`assisted-${c}`} type="radio" name="channel" checked={channel === c} onChange={() => setChannel(c)} />
                <label for={`assisted-${c}`}>{t(c === 'assisted_sms' ? 'assisted.consentSms' : 'assisted.consentPaper')}</label>
              </div>
            ))}
          </fieldset>
          {channel === 'assisted_sms' ? (
            <>
              <button type="button" class="button button--secondary" onClick={() => void sendCode()} disabled={busy}>
                {codeId === null ? t('assisted.sendCode') : t('assisted.sendAgain')}
              </button>
              {notice ? <p class="muted" role="status">{notice}</p> : null}
              <TextField name="code" inputMode="numeric" autoComplete="one-time-code" label={t('assisted.code')} value={code} onValue={setCode} error={fieldError('code')} maxLength={limits.oneTimeCodeLength} />
            </>
          ) : (
            <div class={`field${fieldError('photo') ? ' field--error' : ''}`}>
              <label for="assisted-photo">{t('assisted.photo')}</label>
              {fieldError('photo') ? <p class="field__error" role="alert">{fieldError('photo')}</p> : null}
              <input id="assisted-photo" type="file" accept="image/*" capture="environment" onChange={(e) => void choosePhoto(e)} />
              {photo ? <p class="muted">{t('assisted.photoTaken', { size: Math.round((photo.length * 3) / 4 / 1024) })}</p> : null}
            </div>
          )}
          <button class="button" type="submit" disabled={busy}>
            {busy ? t('assisted.submitting') : t('assisted.submit')}
          </button>
        </form>
      )}
    </>
  );
}
