/**
 * The audit log for auditors: filter by who acted, whose data, what, where and when; newest first, a page at a time;
 * the same filter downloads as Excel. Read-only: there is nothing here to change or remove an entry.
 */
import { useState } from 'preact/hooks';
import { vietnamTimeZone } from '../../shared/days.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import type { Answer } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { DataTable } from '../ui/DataTable.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { TextField } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';

type Entry = Answer<'GET /api/audit'>['entries'][number];
type Filter = { actor: string; subject: string; action: string; unit: string; from: string; to: string };
const empty: Filter = { actor: '', subject: '', action: '', unit: '', from: '', to: '' };
const pageSize = 50;

/** Only the filled fields, as the query of both the list and the export. */
const queryOf = (filter: Filter) => Object.fromEntries(Object.entries(filter).filter(([, v]) => v.trim() !== '').map(([k, v]) => [k, v.trim()])) as Partial<Filter>;

const person = (p: Entry['actor']) => (p ? `${p.fullName} · ${p.phone}` : t('audit.system'));
const details = (d: Entry['details']) =>
  Object.entries(d)
    .map(([k, v]) => `${k}: ${v === null ? '—' : String(v)}`)
    .join('; ');

export function AuditPage() {
  const [draft, setDraft] = useState<Filter>(empty);
  const [filter, setFilter] = useState<Filter>(empty);
  const [offset, setOffset] = useState(0);
  const query = queryOf(filter);
  const { data, error } = useApi('GET /api/audit', { query: { ...query, limit: pageSize, offset } });
  const field = (name: keyof Filter, label: string, type = 'text') => (
    <TextField name={name} label={label} type={type} value={draft[name]} error={error?.fields[name]} onValue={(value) => setDraft({ ...draft, [name]: value })} />
  );
  const exportHref = `/api/audit.xlsx?${new URLSearchParams(query).toString()}`;

  return (
    <div class="wide">
      <h1>{t('audit.title')}</h1>
      <p>{t('audit.intro')}</p>
      <form
        class="card audit-filters"
        onSubmit={(event) => {
          event.preventDefault();
          setFilter(draft);
          setOffset(0);
        }}
      >
        {field('actor', t('audit.filter.actor'))}
        {field('subject', t('audit.filter.subject'))}
        {field('action', t('audit.filter.action'))}
        {field('unit', t('audit.filter.unit'))}
        {field('from', t('field.from'), 'date')}
        {field('to', t('field.to'), 'date')}
        <div class="audit-filters__actions">
          <button type="submit" class="button">
            {t('audit.search')}
          </button>
          <button
            type="button"
            class="button button--secondary"
            onClick={() => {
              setDraft(empty);
              setFilter(empty);
              setOffset(0);
            }}
          >
            {t('audit.clear')}
          </button>
          <a class="button button--secondary" href={exportHref} download>
            {t('audit.export')}
          </a>
        </div>
      </form>
      <section class="card">
        {error && Object.keys(error.fields).length === 0 ? <ErrorMessage error={error} /> : null}
        {!data && !error ? <Loading /> : null}
        {data ? (
          <>
            <h2>{t('audit.total', { count: data.total })}</h2>
            {data.entries.length === 0 ? (
              <p>{t('audit.empty')}</p>
            ) : (
              <DataTable
                caption={t('audit.title')}
                columns={[t('audit.column.at'), t('audit.column.action'), t('audit.column.actor'), t('audit.column.subject'), t('audit.column.unit'), t('audit.column.details'), t('audit.column.id')]}
                rows={data.entries.map((e) => ({
                  key: String(e.id),
                  cells: [
                    formatDateTime(language.value, e.at, vietnamTimeZone),
                    <code key="action">{e.action}</code>,
                    person(e.actor),
                    e.subject ? person(e.subject) : '—',
                    e.unit ? e.unit.fullName : t('audit.wholeProvince'),
                    details(e.details),
                    `#${e.id}`,
                  ],
                }))}
              />
            )}
            <nav class="audit-pages" aria-label={t('audit.page', { page: offset / pageSize + 1 })}>
              <button type="button" class="button button--secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - pageSize))}>
                {t('audit.previous')}
              </button>
              <span>{t('audit.page', { page: offset / pageSize + 1 })}</span>
              <button type="button" class="button button--secondary" disabled={offset + pageSize >= data.total} onClick={() => setOffset(offset + pageSize)}>
                {t('audit.next')}
              </button>
            </nav>
          </>
        ) : null}
      </section>
    </div>
  );
}
