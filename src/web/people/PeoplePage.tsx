/**
 * "Người dùng": admins find a person within their reach by phone (any form), name (diacritics optional) or
 * unit, and open them; managers see their units' people, read-only.
 */
import { useState } from 'preact/hooks';
import type { Call } from '../api.js';
import { t } from '../i18n/i18n.js';
import { session } from '../session.js';
import { DataTable } from '../ui/DataTable.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { TextField } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';

type Search = Call<'GET /api/people'>;

export function PeoplePage() {
  const me = session.value;
  const [q, setQ] = useState('');
  const [unit, setUnit] = useState('');
  const [search, setSearch] = useState<Search | null>(null);
  const { data, error } = useApi(search ? 'GET /api/people' : null, search ?? {});
  if (me === undefined) return <Loading />;
  const isAdmin = me?.grants.some((g) => g.role === 'admin') ?? false;
  const submit = (event: Event) => {
    event.preventDefault();
    setSearch({ query: { ...(q.trim() ? { q: q.trim() } : {}), ...(unit.trim() ? { unit: unit.trim() } : {}) } });
  };
  return (
    <div class="wide">
      <h1>{t('people.title')}</h1>
      <p>{isAdmin ? t('people.intro') : t('people.introManager')}</p>
      <form class="card people-search" onSubmit={submit} role="search">
        <TextField label={t('people.query')} name="q" value={q} onValue={setQ} maxLength={100} autoComplete="off" />
        <TextField label={t('people.unitFilter')} name="unit" value={unit} onValue={setUnit} maxLength={32} autoComplete="off" />
        <button type="submit" class="button">
          {t('people.find')}
        </button>
      </form>
      {error ? <ErrorMessage error={error} /> : search && !data ? <Loading /> : null}
      {data ? (
        <>
          <p role="status">{data.people.length === 0 ? t('people.none') : t('people.count', { count: data.total })}</p>
          {data.people.length > 0 ? (
            <DataTable
              caption={t('people.title')}
              columns={[t('people.name'), t('people.phone'), t('people.home'), t('people.status')]}
              rows={data.people.map((p) => ({
                key: String(p.id),
                cells: [<a href={`/people/${p.id}`}>{p.fullName}</a>, p.phone, p.unit.fullName, p.locked ? t('people.locked') : t('people.active')],
              }))}
            />
          ) : null}
        </>
      ) : null}
    </div>
  );
}
