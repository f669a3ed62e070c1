/** A unit's manager: the seats of events handed to the unit, whom it has named, and naming one more by phone. */
import { useState } from 'preact/hooks';
import { formatDateTime } from '../../shared/i18n/format.js';
import { type Answer, api } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { DataTable } from '../ui/DataTable.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { PersonFields, type PersonForm, personBody } from './PersonFields.js';

type Allocation = Answer<'GET /api/units/:code/event-allocations'>['allocations'][number];

export function UnitInvitationsPage({ code }: { code: string }) {
  const { data, error, reload } = useApi('GET /api/units/:code/event-allocations', { params: { code } });
  return (
    <div class="wide">
      <p>
        <a href={`/dashboard/${encodeURIComponent(code)}`}>← {t('nav.dashboard')}</a>
      </p>
      <h1>{t('invitations.unitTitle')}</h1>
      {error ? <ErrorMessage error={error} /> : !data ? <Loading /> : data.allocations.length === 0 ? <p>{t('invitations.noAllocations')}</p> : data.allocations.map((a) => <AllocationCard key={a.id} allocation={a} onDone={reload} />)}
    </div>
  );
}

function AllocationCard({ allocation, onDone }: { allocation: Allocation; onDone(): void }) {
  const [person, setPerson] = useState<PersonForm>({ phone: '', fullName: '', birthYear: '', homeCode: '' });
  const { busy, error, run, fieldError } = useSubmit();
  const left = allocation.seats - allocation.people.length;
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await api('POST /api/event-allocations/:allocationId/invitations', { params: { allocationId: allocation.id }, body: personBody(person) });
      setPerson({ phone: '', fullName: '', birthYear: '', homeCode: '' });
      onDone();
    });
  };
  return (
    <section class="card">
      <h2>{allocation.event.title}</h2>
      <p>
        <strong>{formatDateTime(language.value, allocation.event.startsAt, 'Asia/Ho_Chi_Minh')}</strong> · {allocation.venue.name}
      </p>
      <p>{t('invitations.allocationLine', { unit: allocation.unit.name, group: allocation.group.name, named: allocation.people.length, seats: allocation.seats })}</p>
      {allocation.people.length > 0 ? (
        <DataTable columns={[t('members.name'), t('invitations.phone'), t('invitations.answer')]} rows={allocation.people.map((p, i) => ({ key: String(i), cells: [p.fullName, p.phone, t(`invitations.rsvp.${p.rsvp}`)] }))} />
      ) : null}
      {left > 0 ? (
        <form onSubmit={submit}>
          <h3>{t('invitations.nameOne', { left })}</h3>
          <PersonFields value={person} onChange={setPerson} fieldError={fieldError} prefix={`allocation-${allocation.id}`} />
          {error ? <ErrorMessage error={error} /> : null}
          <button class="button" type="submit" disabled={busy || !person.phone}>
            {t('invitations.invite')}
          </button>
        </form>
      ) : null}
    </section>
  );
}
