/**
 * A helper prints sign-in cards for people of their commune: find them by phone or name (or arrive from the
 * assisted sign-up with ?person=<id>), tick one or several, choose the paper, print. Printing makes new cards and
 * the old ones stop working. Nothing about the people is kept on the phone but this page's memory.
 */
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import type { UserId } from '../../shared/ids.js';
import { type Answer, api, fetchFile } from '../api.js';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { ErrorMessage } from '../ui/Feedback.js';
import { FormError, TextField, useSubmit } from '../ui/forms.js';
import { saveFile } from './files.js';
import { when } from './when.js';

type Person = Answer<'GET /api/units/:code/cards/people'>['people'][number];

export function HelperCardsPage() {
  const { query } = useLocation();
  const me = session.value!;
  const units = me.grants.filter((g) => g.role === 'helper' || g.role === 'manager').map((g) => g.unit);
  const distinct = units.filter((u, i) => units.findIndex((v) => v.code === u.code) === i);
  const [unitCode, setUnitCode] = useState(distinct.find((u) => u.code === query.unit)?.code ?? distinct[0]?.code ?? '');
  const unit = distinct.find((u) => u.code === unitCode);
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Person[] | null>(null);
  const [chosen, setChosen] = useState<Map<UserId, string>>(new Map());
  const [layout, setLayout] = useState<'a4' | 'a6'>('a4');
  const [notice, setNotice] = useState<string | null>(null);
  const search = useSubmit();
  const printing = useSubmit();

  const find = (call: { q?: string; person?: UserId }) =>
    search.run(async () => {
      const answer = await api('GET /api/units/:code/cards/people', { params: { code: unitCode }, query: call });
      setFound(answer.people);
      return answer.people;
    });

  useEffect(() => {
    // From the assisted sign-up's success screen: an id in the address, checked by the server like any other.
    const person = Number(query.person) as UserId;
    if (!unitCode || !Number.isSafeInteger(person) || person <= 0) return;
    void find({ person }).then((people) => {
      const first = people?.[0];
      if (first?.printable) setChosen(new Map([[first.id, first.fullName]]));
    });
  }, [unitCode]);

  if (!unit) return <p class="form-error">{t('cards.helper.noUnit')}</p>;

  const toggle = (person: Person, on: boolean) => {
    const next = new Map(chosen);
    if (on) next.set(person.id, person.fullName);
    else next.delete(person.id);
    setChosen(next);
  };

  const print = async () => {
    setNotice(null);
    const pdf = await printing.run(() => fetchFile('POST /api/units/:code/cards/print', { params: { code: unitCode }, body: { userIds: [...chosen.keys()], layout } }));
    if (!pdf) return;
    saveFile(pdf, 'the-dang-nhap.pdf');
    setNotice(t('cards.helper.printed'));
    setChosen(new Map());
    if (found) setFound(found.map((p) => (chosen.has(p.id) ? { ...p, card: { issuedAt: new Date().toISOString(), lastUsedAt: null } } : p)));
  };

  const revoke = async (person: Person) => {
    setNotice(null);
    const done = await printing.run(async () => {
      await api('DELETE /api/units/:code/cards/:userId', { params: { code: unitCode, userId: person.id } });
      return true;
    });
    if (!done) return;
    setNotice(t('cards.helper.revoked', { name: person.fullName }));
    if (found) setFound(found.map((p) => (p.id === person.id ? { ...p, card: null } : p)));
  };

  return (
    <>
      <h1>{t('cards.helper.title')}</h1>
      <p>{t('cards.helper.intro')}</p>
      {distinct.length > 1 ? (
        <div class="field">
          <label for="cards-unit">{t('cards.helper.unit')}</label>
          <select
            id="cards-unit"
            value={unitCode}
            onChange={(e) => {
              setUnitCode((e.target as HTMLSelectElement).value);
              setFound(null);
              setChosen(new Map());
            }}
          >
            {distinct.map((u) => (
              <option key={u.code} value={u.code}>
                {u.fullName}
              </option>
            ))}
          </select>
        </div>
      ) : (
        <p class="muted">{unit.fullName}</p>
      )}
      <form
        class="card"
        role="search"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void find({ q });
        }}
      >
        <FormError error={search.error} />
        <TextField name="q" type="search" label={t('cards.helper.search')} value={q} onValue={setQ} maxLength={120} />
        <button class="button button--secondary" type="submit" disabled={search.busy}>
          {t('cards.helper.find')}
        </button>
      </form>

      {found && found.length === 0 ? <p>{t('cards.helper.none', { unit: unit.fullName })}</p> : null}
      {found && found.length > 0 ? (
        <ul class="card-people">
          {found.map((person) => (
            <li key={person.id} class="card">
              <label class="checkbox">
                <input type="checkbox" checked={chosen.has(person.id)} disabled={!person.printable} onChange={(e) => toggle(person, (e.target as HTMLInputElement).checked)} />
                <span>
                  <strong>{person.fullName}</strong>
                  <br />
                  {t('cards.helper.born', { year: person.birthYear })} · {person.place} · {person.phone}
                  <br />
                  <span class="muted">{person.card ? t('cards.helper.hasCard', { date: when(person.card.issuedAt) }) : t('cards.helper.noCard')}</span>
                </span>
              </label>
              {person.printable ? null : <p class="muted">{t('cards.helper.notPrintable')}</p>}
              {person.card ? (
                <button type="button" class="link-button" onClick={() => void revoke(person)}>
                  {t('cards.helper.revoke', { name: person.fullName })}
                </button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}

      {notice ? <p class="success" role="status">{notice}</p> : null}
      {printing.error ? <ErrorMessage error={printing.error} /> : null}
      {chosen.size > 0 ? (
        <section class="card">
          <fieldset class="choices">
            <legend>{t('cards.helper.layout')}</legend>
            {(['a4', 'a6'] as const).map((option) => (
              <label key={option} class="choice">
                <input type="radio" name="layout" checked={layout === option} onChange={() => setLayout(option)} />
                <span>{t(`cards.helper.${option}`)}</span>
              </label>
            ))}
          </fieldset>
          <button class="button" type="button" disabled={printing.busy} onClick={() => void print()}>
            {printing.busy ? t('cards.helper.printing') : t('cards.helper.print', { count: chosen.size })}
          </button>
        </section>
      ) : null}
    </>
  );
}
