/** An event's budget for its organisers: the lines, totals per funding source (bars beside a table), the Excel file. */
import { useState } from 'preact/hooks';
import { fundingSources, type FundingSource } from '../../shared/event-tasks.js';
import { formatNumber } from '../../shared/i18n/format.js';
import type { Answer } from '../api.js';
import { api } from '../api.js';
import { language, t } from '../i18n/i18n.js';
import { DataTable } from '../ui/DataTable.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { FormError, TextField, useSubmit } from '../ui/forms.js';
import { useApi } from '../ui/useApi.js';
import { useEditableList } from './editable-list.js';

type Budget = Answer<'GET /api/events/:id/budget'>;
type Line = Budget['lines'][number];

const dong = (amount: number) => t('budget.dong', { amount: formatNumber(language.value, amount) });

function Totals({ budget }: { budget: Budget }) {
  const largest = Math.max(1, ...budget.totals.map((x) => x.amount));
  return (
    <section class="card budget-totals" aria-labelledby="budget-totals">
      <h2 id="budget-totals">{t('budget.totals')}</h2>
      <div class="budget-totals__body">
        <div aria-hidden="true" class="budget-bars">
          {budget.totals.map((x) => (
            <div key={x.fundingSource} class="budget-bar">
              <span>{t(`budget.source.${x.fundingSource}`)}</span>
              <span class={`budget-bar__fill budget-bar__fill--${x.fundingSource}`} style={{ width: `${Math.round((x.amount / largest) * 100)}%` }} />
            </div>
          ))}
        </div>
        <DataTable
          columns={[t('budget.source'), t('budget.amount')]}
          rows={[
            ...budget.totals.map((x) => ({ key: x.fundingSource, cells: [t(`budget.source.${x.fundingSource}`), dong(x.amount)] })),
            { key: 'total', cells: [t('budget.grandTotal'), <strong key="total">{dong(budget.grandTotal)}</strong>] },
          ]}
        />
      </div>
    </section>
  );
}

function LineForm({ eventId, line, onSaved, onCancel }: { eventId: number; line: Line | null; onSaved(): void; onCancel?(): void }) {
  const [item, setItem] = useState(line?.item ?? '');
  const [unitOfMeasure, setUnitOfMeasure] = useState(line?.unitOfMeasure ?? '');
  const [quantity, setQuantity] = useState(String(line?.quantity ?? ''));
  const [unitCost, setUnitCost] = useState(String(line?.unitCost ?? ''));
  const [fundingSource, setFundingSource] = useState<FundingSource>(line?.fundingSource ?? 'science_and_technology_fund');
  const [note, setNote] = useState(line?.note ?? '');
  const { busy, error, run, fieldError } = useSubmit();
  // Officials type 3.000.000 or 3,000,000: only the digits count.
  const digits = (text: string) => Number(text.replace(/[^\d]/g, ''));
  const submit = async (event: Event) => {
    event.preventDefault();
    const body = { item, unitOfMeasure, quantity: digits(quantity), unitCost: digits(unitCost), fundingSource, note };
    const saved = await run(() =>
      line ? api('PATCH /api/events/:id/budget/:lineId', { params: { id: eventId, lineId: line.id }, body }) : api('POST /api/events/:id/budget', { params: { id: eventId }, body }),
    );
    if (saved) onSaved();
  };
  return (
    <form class="card" onSubmit={submit} noValidate>
      <h2>{line ? t('budget.edit') : t('budget.new')}</h2>
      <FormError error={error} />
      <TextField name="item" label={t('budget.item')} required value={item} onValue={setItem} error={fieldError('item')} maxLength={300} />
      <TextField name="unitOfMeasure" label={t('budget.unitOfMeasure')} hint={t('budget.unitOfMeasureHint')} required value={unitOfMeasure} onValue={setUnitOfMeasure} error={fieldError('unitOfMeasure')} maxLength={40} />
      <TextField name="quantity" inputMode="numeric" label={t('budget.quantity')} required value={quantity} onValue={setQuantity} error={fieldError('quantity')} maxLength={8} />
      <TextField name="unitCost" inputMode="numeric" label={t('budget.unitCost')} required value={unitCost} onValue={setUnitCost} error={fieldError('unitCost')} maxLength={20} />
      <p class="muted">{t('budget.amountIs', { amount: dong(digits(quantity) * digits(unitCost)) })}</p>
      <div class="field">
        <label for={`source-${line?.id ?? 'new'}`}>{t('budget.source')}</label>
        <select id={`source-${line?.id ?? 'new'}`} value={fundingSource} onChange={(e) => setFundingSource((e.target as HTMLSelectElement).value as FundingSource)}>
          {fundingSources.map((s) => (
            <option key={s} value={s}>
              {t(`budget.source.${s}`)}
            </option>
          ))}
        </select>
      </div>
      <TextField name="note" label={t('budget.note')} value={note} onValue={setNote} error={fieldError('note')} maxLength={1000} />
      <button class="button" type="submit" disabled={busy || !item.trim() || !unitOfMeasure.trim() || quantity === '' || unitCost === ''}>
        {t('common.save')}
      </button>
      {onCancel ? (
        <button class="button button--secondary" type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      ) : null}
    </form>
  );
}

export function BudgetPage({ id }: { id: string }) {
  const eventId = Number(id);
  const { data, error, reload } = useApi('GET /api/events/:id/budget', { params: { id: eventId } });
  const { editing, setEditing, formKey, saved } = useEditableList(reload);
  const remove = useSubmit();
  const del = async (line: Line) => {
    if (!window.confirm(t('budget.deleteConfirm', { item: line.item }))) return;
    if (await remove.run(() => api('DELETE /api/events/:id/budget/:lineId', { params: { id: eventId, lineId: line.id } }))) reload();
  };
  if (error) return <ErrorMessage error={error} />;
  if (!data) return <Loading />;
  return (
    <div class="wide">
      <p>
        <a class="back-link" href={`/organise/events/${eventId}`}>← {t('tasks.backToEvent')}</a>
      </p>
      <h1>{t('budget.title')}</h1>
      <p class="muted">{data.eventTitle}</p>
      <a class="button button--secondary" href={`/api/events/${eventId}/budget.xlsx`} download>
        {t('budget.xlsx')}
      </a>
      <Totals budget={data} />
      <FormError error={remove.error} />
      {data.lines.length === 0 ? <p>{t('budget.none')}</p> : null}
      <ul class="plain-list">
        {data.lines.map((line) =>
          editing === line.id ? (
            <li key={line.id}>
              <LineForm eventId={eventId} line={line} onSaved={saved} onCancel={() => setEditing(null)} />
            </li>
          ) : (
            <li key={line.id} class="card">
              <h3>{line.item}</h3>
              <p>
                {formatNumber(language.value, line.quantity)} {line.unitOfMeasure} × {dong(line.unitCost)} = <strong>{dong(line.amount)}</strong>
              </p>
              <p class="muted">
                {t(`budget.source.${line.fundingSource}`)}
                {line.note ? ` · ${line.note}` : ''}
              </p>
              <div class="toolbar">
                <button class="button button--secondary" type="button" onClick={() => setEditing(line.id)}>
                  {t('budget.editButton')}
                </button>
                <button class="button button--secondary danger" type="button" disabled={remove.busy} onClick={() => del(line)}>
                  {t('budget.delete')}
                </button>
              </div>
            </li>
          ),
        )}
      </ul>
      <LineForm key={formKey} eventId={eventId} line={null} onSaved={saved} />
    </div>
  );
}
