/**
 * The organiser's invitations of one event: the quota grid (groups × venues, seats taken against each quota),
 * inviting a person by phone or handing seats to a unit, importing a list with its row-by-row report, the
 * invitations (giấy mời) as PDF, reminders by text, and the list with a cancel button.
 */
import { useState } from 'preact/hooks';
import type { InvitationImportReport, InvitationsOverview } from '../../server/invitations/invitations.schema.js';
import { api, ApiError, uploadFile } from '../api.js';
import { t } from '../i18n/i18n.js';
import { DataTable } from '../ui/DataTable.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { PersonFields, type PersonForm, personBody } from './PersonFields.js';

export function OrganiseInvitationsPage({ id }: { id: string }) {
  const overview = useApi('GET /api/events/:id/invitations/overview', { params: { id } });
  const list = useApi('GET /api/events/:id/invitations', { params: { id } });
  const reload = () => {
    overview.reload();
    list.reload();
  };
  const data = overview.data;
  return (
    <div class="wide">
      <p>
        <a href={`/organise/events/${encodeURIComponent(id)}`}>← {t('invitations.backToEvent')}</a>
      </p>
      <h1>{t('invitations.organiseTitle')}</h1>
      {overview.error ? <ErrorMessage error={overview.error} /> : !data ? <Loading /> : null}
      {data ? (
        <>
          <p class="lead">{data.event.title}</p>
          <QuotaGrid data={data} />
          <InviteForm eventId={id} data={data} onDone={reload} />
          <GroupsAndQuotas eventId={id} data={data} onDone={reload} />
          <AllocateForm eventId={id} data={data} onDone={reload} />
          <ImportForm eventId={id} onDone={reload} />
          <PrintAndRemind eventId={id} data={data} />
          <section class="card">
            <h2>{t('invitations.list')}</h2>
            {list.error ? <ErrorMessage error={list.error} /> : !list.data ? <Loading /> : <InvitationTable eventId={id} data={data} invitations={list.data.invitations} onDone={reload} />}
          </section>
        </>
      ) : null}
    </div>
  );
}

const nameOf = <T extends { id: number; name: string }>(items: readonly T[], id: number | null) => items.find((i) => i.id === id)?.name ?? '—';

function QuotaGrid({ data }: { data: InvitationsOverview }) {
  const cell = (venueId: number, groupId: number) => {
    const q = data.quotas.find((x) => x.venueId === venueId && x.groupId === groupId);
    return q ? t('invitations.fill', { invited: q.invited, quota: q.quota, accepted: q.accepted }) : '—';
  };
  return (
    <section class="card">
      <h2>{t('invitations.quotas')}</h2>
      <DataTable columns={[t('invitations.group'), ...data.venues.map((v) => v.name)]} rows={data.groups.map((g) => ({ key: String(g.id), cells: [g.name, ...data.venues.map((v) => cell(v.id, g.id))] }))} />
      {data.allocations.length > 0 ? (
        <DataTable
          caption={t('invitations.allocations')}
          columns={[t('invitations.unit'), t('invitations.group'), t('invitations.venue'), t('invitations.named')]}
          rows={data.allocations.map((a) => ({ key: String(a.id), cells: [a.unit.name, nameOf(data.groups, a.groupId), nameOf(data.venues, a.venueId), `${a.named}/${a.seats}`] }))}
        />
      ) : null}
    </section>
  );
}

function SlotSelects({ data, group, venue, onGroup, onVenue, prefix }: { data: InvitationsOverview; group: string; venue: string; onGroup(v: string): void; onVenue(v: string): void; prefix: string }) {
  return (
    <>
      <div class="field">
        <label for={`${prefix}-group`}>{t('invitations.group')}</label>
        <select id={`${prefix}-group`} value={group} onChange={(e) => onGroup((e.target as HTMLSelectElement).value)}>
          {data.groups.map((g) => (
            <option key={g.id} value={String(g.id)}>
              {g.name}
            </option>
          ))}
        </select>
      </div>
      <div class="field">
        <label for={`${prefix}-venue`}>{t('invitations.venue')}</label>
        <select id={`${prefix}-venue`} value={venue} onChange={(e) => onVenue((e.target as HTMLSelectElement).value)}>
          {data.venues.map((v) => (
            <option key={v.id} value={String(v.id)}>
              {v.name}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}

/** The chosen group and venue, as the select boxes hold them (text) and as the server takes them (their ids). */
function useSlot(data: InvitationsOverview) {
  const [group, setGroup] = useState(String(data.groups[0]?.id ?? ''));
  const [venue, setVenue] = useState(String(data.venues[0]?.id ?? ''));
  const groupId = (data.groups.find((g) => String(g.id) === group) ?? data.groups[0])?.id;
  const venueId = (data.venues.find((v) => String(v.id) === venue) ?? data.venues[0])?.id;
  return { group, venue, setGroup, setVenue, ids: groupId !== undefined && venueId !== undefined ? { groupId, venueId } : null };
}

function InviteForm({ eventId, data, onDone }: { eventId: string; data: InvitationsOverview; onDone(): void }) {
  const slot = useSlot(data);
  const [person, setPerson] = useState<PersonForm>({ phone: '', fullName: '', birthYear: '', homeCode: '' });
  const [done, setDone] = useState<string | null>(null);
  const { busy, error, run, fieldError } = useSubmit();
  const submit = (event: Event) => {
    event.preventDefault();
    const ids = slot.ids;
    if (!ids) return;
    void run(async () => {
      const answer = await api('POST /api/events/:id/invitations', { params: { id: eventId }, body: { ...personBody(person), ...ids } });
      setDone(t('invitations.invited', { code: answer.code }));
      setPerson({ phone: '', fullName: '', birthYear: '', homeCode: '' });
      onDone();
    });
  };
  return (
    <section class="card">
      <h2>{t('invitations.inviteByPhone')}</h2>
      <form onSubmit={submit}>
        <PersonFields value={person} onChange={setPerson} fieldError={fieldError} prefix="invite" />
        <SlotSelects data={data} group={slot.group} venue={slot.venue} onGroup={slot.setGroup} onVenue={slot.setVenue} prefix="invite" />
        {error ? <ErrorMessage error={error} /> : null}
        {done && !error ? (
          <p class="success" role="status">
            {done}
          </p>
        ) : null}
        <button class="button" type="submit" disabled={busy || !person.phone || !slot.ids}>
          {t('invitations.invite')}
        </button>
      </form>
    </section>
  );
}

function GroupsAndQuotas({ eventId, data, onDone }: { eventId: string; data: InvitationsOverview; onDone(): void }) {
  const slot = useSlot(data);
  const [name, setName] = useState('');
  const [quota, setQuota] = useState('');
  const { busy, error, run } = useSubmit();
  const addGroup = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await api('POST /api/events/:id/groups', { params: { id: eventId }, body: { name } });
      setName('');
      onDone();
    });
  };
  const saveQuota = (event: Event) => {
    event.preventDefault();
    const ids = slot.ids;
    if (!ids) return;
    void run(async () => {
      await api('PUT /api/events/:id/quotas', { params: { id: eventId }, body: { ...ids, quota: Number(quota) } });
      setQuota('');
      onDone();
    });
  };
  return (
    <section class="card">
      <h2>{t('invitations.groupsAndQuotas')}</h2>
      <form onSubmit={addGroup}>
        <TextField name="group-name" label={t('invitations.newGroup')} value={name} onValue={setName} maxLength={200} />
        <button class="button button--secondary" type="submit" disabled={busy || !name.trim()}>
          {t('invitations.addGroup')}
        </button>
      </form>
      {data.groups.length > 0 && data.venues.length > 0 ? (
        <form onSubmit={saveQuota}>
          <SlotSelects data={data} group={slot.group} venue={slot.venue} onGroup={slot.setGroup} onVenue={slot.setVenue} prefix="quota" />
          <TextField name="quota" label={t('invitations.quota')} value={quota} onValue={setQuota} inputMode="numeric" type="number" />
          <button class="button button--secondary" type="submit" disabled={busy || quota === ''}>
            {t('invitations.saveQuota')}
          </button>
        </form>
      ) : null}
      {error ? <ErrorMessage error={error} /> : null}
    </section>
  );
}

function AllocateForm({ eventId, data, onDone }: { eventId: string; data: InvitationsOverview; onDone(): void }) {
  const slot = useSlot(data);
  const [unitCode, setUnitCode] = useState('');
  const [seats, setSeats] = useState('');
  const { busy, error, run } = useSubmit();
  const submit = (event: Event) => {
    event.preventDefault();
    const ids = slot.ids;
    if (!ids) return;
    void run(async () => {
      await api('POST /api/events/:id/allocations', { params: { id: eventId }, body: { unitCode, ...ids, seats: Number(seats) } });
      setUnitCode('');
      setSeats('');
      onDone();
    });
  };
  return (
    <section class="card">
      <h2>{t('invitations.inviteUnit')}</h2>
      <p class="muted">{t('invitations.inviteUnitHint')}</p>
      <form onSubmit={submit}>
        <TextField name="unit-code" label={t('invitations.unitCode')} value={unitCode} onValue={setUnitCode} maxLength={40} />
        <SlotSelects data={data} group={slot.group} venue={slot.venue} onGroup={slot.setGroup} onVenue={slot.setVenue} prefix="allocate" />
        <TextField name="seats" label={t('invitations.seats')} value={seats} onValue={setSeats} inputMode="numeric" type="number" />
        {error ? <ErrorMessage error={error} /> : null}
        <button class="button button--secondary" type="submit" disabled={busy || !unitCode || !seats || !slot.ids}>
          {t('invitations.allocate')}
        </button>
      </form>
    </section>
  );
}

function ImportForm({ eventId, onDone }: { eventId: string; onDone(): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<InvitationImportReport | null>(null);
  const { busy, error, setError, run } = useSubmit();
  const send = async (mode: 'check' | 'all') => {
    if (!file) return;
    const answer = await run(() =>
      uploadFile('POST /api/events/:id/invitations/import', { params: { id: eventId }, query: { mode } }, file).catch((caught: unknown) => {
        // A refused file still comes with its row-by-row report.
        if (caught instanceof ApiError && caught.report) setReport(caught.report as InvitationImportReport);
        throw caught;
      }),
    );
    if (!answer) return;
    setReport(answer);
    if (answer.written) onDone();
  };
  return (
    <section class="card">
      <h2>{t('invitations.import')}</h2>
      <p>
        <a href={`/api/events/${encodeURIComponent(eventId)}/invitations/template.xlsx`} download>
          {t('invitations.template')}
        </a>
      </p>
      <div class="field">
        <label for="invitations-file">{t('members.file')}</label>
        <input
          id="invitations-file"
          type="file"
          accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => {
            setFile((e.target as HTMLInputElement).files?.[0] ?? null);
            setReport(null);
            setError(null);
          }}
        />
      </div>
      <button type="button" class="button" disabled={!file || busy} onClick={() => send('check')}>
        {busy ? t('members.working') : t('members.check')}
      </button>
      {error && !report ? <ErrorMessage error={error} /> : null}
      {report ? (
        <div role="status">
          {report.written ? (
            <p class="success">{t('invitations.imported', { invited: report.invited, created: report.created })}</p>
          ) : (
            <>
              <p>{t('members.summary', { rows: report.rows, valid: report.validRows, problems: report.problems.length })}</p>
              {report.problems.length > 0 ? (
                <DataTable
                  caption={t('members.problems')}
                  columns={[t('members.row'), t('members.column'), t('members.problem')]}
                  rows={report.problems.map((p, i) => ({ key: String(i), cells: [p.row || '—', p.column ?? '—', p.message] }))}
                />
              ) : report.validRows > 0 ? (
                <button type="button" class="button" disabled={busy} onClick={() => send('all')}>
                  {t('invitations.importAll', { count: report.validRows })}
                </button>
              ) : null}
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}

function PrintAndRemind({ eventId, data }: { eventId: string; data: InvitationsOverview }) {
  const [result, setResult] = useState<string | null>(null);
  const { busy, error, run } = useSubmit();
  const remind = () =>
    run(async () => {
      const answer = await api('POST /api/events/:id/invitations/remind', { params: { id: eventId } });
      setResult(t('invitations.reminded', { sent: answer.sent, skipped: answer.skipped }));
    });
  return (
    <section class="card">
      <h2>{t('invitations.printAndRemind')}</h2>
      <ul class="link-list">
        {data.venues.map((v) => (
          <li key={v.id}>
            <a href={`/api/events/${encodeURIComponent(eventId)}/invitations.pdf?venueId=${v.id}`} download>
              {t('invitations.pdfOfVenue', { venue: v.name })}
            </a>
          </li>
        ))}
      </ul>
      <button type="button" class="button button--secondary" disabled={busy} onClick={remind}>
        {t('invitations.remind')}
      </button>
      {error ? <ErrorMessage error={error} /> : null}
      {result ? (
        <p class="success" role="status">
          {result}
        </p>
      ) : null}
    </section>
  );
}

type Row = { id: number; fullName: string; phone: string; venueId: number; groupId: number | null; code: string; rsvp: 'pending' | 'accepted' | 'declined'; cancelledAt: string | null };

function InvitationTable({ eventId, data, invitations, onDone }: { eventId: string; data: InvitationsOverview; invitations: readonly Row[]; onDone(): void }) {
  const { busy, error, run } = useSubmit();
  const cancel = (invitationId: number) =>
    run(async () => {
      await api('POST /api/events/:id/invitations/:invitationId/cancel', { params: { id: eventId, invitationId } });
      onDone();
    });
  return (
    <>
      {error ? <ErrorMessage error={error} /> : null}
      <DataTable
        columns={[t('members.name'), t('invitations.phone'), t('invitations.group'), t('invitations.venue'), t('invitations.answer'), t('invitations.doorCode'), '']}
        rows={invitations.map((i) => ({
          key: String(i.id),
          cells: [
            i.fullName,
            i.phone,
            nameOf(data.groups, i.groupId),
            nameOf(data.venues, i.venueId),
            i.cancelledAt ? t('invitations.cancelledShort') : t(`invitations.rsvp.${i.rsvp}`),
            i.code,
            i.cancelledAt ? null : (
              <span class="actions">
                <a href={`/api/events/${encodeURIComponent(eventId)}/invitations/${i.id}/pdf`} download>
                  {t('invitations.pdf')}
                </a>
                <button type="button" class="button button--secondary" disabled={busy} onClick={() => cancel(i.id)}>
                  {t('invitations.cancel')}
                </button>
              </span>
            ),
          ],
        }))}
      />
    </>
  );
}
