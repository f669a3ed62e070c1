/**
 * "Đơn vị" (admins): the organisational units and hamlets within the admin's reach as a tree; pick a unit to add a
 * unit below it, rename it, move it under another unit, retire it (after a confirmation) or read its history; and
 * import a whole organisation tree from Excel, checked first row by row. Two columns on a desktop, one on a phone.
 */
import { useState } from 'preact/hooks';
import type { OrgImportReport, OrgUnit } from '../../../server/organisations/organisations.schema.js';
import { creatableKinds } from '../../../shared/units.js';
import { formatDate, formatDateTime } from '../../../shared/i18n/format.js';
import { api, ApiError, uploadFile } from '../../api.js';
import { language, t } from '../../i18n/i18n.js';
import { DataTable } from '../../ui/DataTable.js';
import { ErrorMessage, Loading } from '../../ui/Feedback.js';
import { Checkbox, FormError, TextField, useSubmit } from '../../ui/forms.js';
import { useApi } from '../../ui/useApi.js';

type Notice = (message: string) => void;

const kindLabel = (kind: string) => t(`unitKind.${kind}` as Parameters<typeof t>[0]);

function TreeList({ units, parent, selected, onSelect }: { units: OrgUnit[]; parent: string; selected: string; onSelect(code: string): void }) {
  const children = units.filter((u) => u.parentCode === parent);
  if (children.length === 0) return null;
  return (
    <ul class="unit-tree">
      {children.map((u) => (
        <li key={u.code}>
          <button type="button" class={`unit-tree__node${u.code === selected ? ' unit-tree__node--selected' : ''}`} aria-pressed={u.code === selected} onClick={() => onSelect(u.code)}>
            <span class="unit-tree__name">{u.name}</span>{' '}
            <span class="muted">
              {kindLabel(u.kind)} · {u.code}
              {u.retiredOn ? ` · ${t('orgs.retiredOn', { date: formatDate(language.value, u.retiredOn) })}` : ''}
            </span>
          </button>
          <TreeList units={units} parent={u.code} selected={selected} onSelect={onSelect} />
        </li>
      ))}
    </ul>
  );
}

function AddUnitForm({ parent, onDone }: { parent: OrgUnit; onDone(created: OrgUnit): void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<(typeof creatableKinds)[number]>('department');
  const [code, setCode] = useState('');
  const { busy, error, run, fieldError } = useSubmit();
  const submit = async (event: Event) => {
    event.preventDefault();
    const created = await run(() => api('POST /api/organisations/:code/units', { params: { code: parent.code }, body: { name, kind, ...(code.trim() ? { code: code.trim() } : {}) } }));
    if (created) {
      setName('');
      setCode('');
      onDone(created);
    }
  };
  return (
    <form onSubmit={submit} class="unit-form">
      <h3>{t('orgs.addUnder', { unit: parent.name })}</h3>
      <TextField label={t('orgs.field.name')} name="unit-name" value={name} onValue={setName} required maxLength={150} error={fieldError('name')} />
      <div class="field">
        <label for="unit-kind">{t('orgs.field.kind')}</label>
        <select id="unit-kind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as typeof kind)}>
          {creatableKinds.map((k) => (
            <option key={k} value={k}>
              {kindLabel(k)}
            </option>
          ))}
        </select>
        {fieldError('kind') ? <p class="field__error" role="alert">{fieldError('kind')}</p> : null}
      </div>
      <TextField label={t('orgs.field.code')} name="unit-code" value={code} onValue={setCode} maxLength={32} error={fieldError('code')} />
      {fieldError('parentCode') ? <p class="form-error" role="alert">{fieldError('parentCode')}</p> : null}
      <FormError error={error} />
      <button type="submit" class="button" disabled={busy || !name.trim()}>
        {t('orgs.create')}
      </button>
    </form>
  );
}

function UnitPanel({ unit, root, units, onChanged, notice }: { unit: OrgUnit; root: OrgUnit; units: OrgUnit[]; onChanged(select?: string, retired?: boolean): void; notice: Notice }) {
  const [mode, setMode] = useState<'add' | 'rename' | 'move' | 'retire' | 'history'>('add');
  const [name, setName] = useState(unit.name);
  const [parentCode, setParentCode] = useState('');
  const action = useSubmit();
  const history = useApi(mode === 'history' ? 'GET /api/organisations/:code/history' : null, { params: { code: unit.code } });
  const isRoot = unit.code === root.code;
  const editable = !isRoot && unit.retiredOn === null && (creatableKinds as readonly string[]).includes(unit.kind);
  // Never under itself or one of its own units: the server refuses it too.
  const below = new Set<string>([unit.code]);
  for (const u of units) if (u.parentCode && below.has(u.parentCode)) below.add(u.code);
  const parents = [root, ...units].filter((u) => !below.has(u.code) && u.retiredOn === null && u.kind !== 'hamlet' && u.code !== unit.parentCode);

  const rename = async (event: Event) => {
    event.preventDefault();
    const done = await action.run(() => api('PATCH /api/organisations/:code', { params: { code: unit.code }, body: { name } }));
    if (done) (notice(t('orgs.renamed', { name: done.name })), onChanged(done.code));
  };
  const move = async (event: Event) => {
    event.preventDefault();
    const done = await action.run(() => api('POST /api/organisations/:code/move', { params: { code: unit.code }, body: { parentCode } }));
    if (done) (notice(t('orgs.moved', { name: done.name, parent: [root, ...units].find((u) => u.code === parentCode)?.name ?? parentCode })), onChanged(done.code));
  };
  const retire = async () => {
    const done = await action.run(() => api('POST /api/organisations/:code/retire', { params: { code: unit.code } }));
    if (done) (notice(t('orgs.retired', { name: done.name })), onChanged(done.code, true));
  };
  const tab = (key: typeof mode, label: string, enabled = true) =>
    enabled ? (
      <button type="button" class={`button button--secondary${mode === key ? ' is-current' : ''}`} aria-pressed={mode === key} onClick={() => (setMode(key), action.setError(null))}>
        {label}
      </button>
    ) : null;

  return (
    <section class="card unit-panel" aria-labelledby="unit-panel-title">
      <h2 id="unit-panel-title">{unit.name}</h2>
      <p class="muted">
        {kindLabel(unit.kind)} · {unit.code}
        {unit.retiredOn ? ` · ${t('orgs.retiredOn', { date: formatDate(language.value, unit.retiredOn) })}` : ''}
      </p>
      <div class="unit-panel__actions" role="group" aria-label={t('orgs.actionsFor', { name: unit.name })}>
        {tab('add', t('orgs.add'), unit.retiredOn === null && unit.kind !== 'hamlet')}
        {tab('rename', t('orgs.rename'), editable)}
        {tab('move', t('orgs.move'), editable && unit.kind !== 'hamlet')}
        {tab('retire', t('orgs.retire'), editable)}
        {tab('history', t('orgs.history'), !isRoot && (creatableKinds as readonly string[]).includes(unit.kind))}
      </div>
      {mode === 'add' && unit.retiredOn === null && unit.kind !== 'hamlet' ? <AddUnitForm parent={unit} onDone={(c) => (notice(t('orgs.created', { name: c.name, code: c.code })), onChanged(c.code))} /> : null}
      {mode === 'rename' && editable ? (
        <form onSubmit={rename} class="unit-form">
          <TextField label={t('orgs.field.name')} name="rename" value={name} onValue={setName} required maxLength={150} error={action.fieldError('name')} />
          <FormError error={action.error} />
          <button type="submit" class="button" disabled={action.busy || !name.trim()}>
            {t('orgs.save')}
          </button>
        </form>
      ) : null}
      {mode === 'move' && editable ? (
        <form onSubmit={move} class="unit-form">
          <div class="field">
            <label for="unit-parent">{t('orgs.field.parent')}</label>
            <select id="unit-parent" value={parentCode} required onChange={(e) => setParentCode((e.target as HTMLSelectElement).value)}>
              <option value="">—</option>
              {parents.map((p) => (
                <option key={p.code} value={p.code}>
                  {'  '.repeat(Math.max(0, p.depth - root.depth))}
                  {p.name} ({p.code})
                </option>
              ))}
            </select>
            {action.fieldError('parentCode') ? <p class="field__error" role="alert">{action.fieldError('parentCode')}</p> : null}
          </div>
          <FormError error={action.error} />
          <button type="submit" class="button" disabled={action.busy || !parentCode}>
            {t('orgs.move')}
          </button>
        </form>
      ) : null}
      {mode === 'retire' && editable ? (
        <div class="unit-form" role="alertdialog" aria-labelledby="retire-question">
          <p id="retire-question">{t('orgs.retireConfirm', { name: unit.name })}</p>
          <FormError error={action.error} />
          <button type="button" class="button danger" disabled={action.busy} onClick={retire}>
            {t('orgs.retire')}
          </button>{' '}
          <button type="button" class="button button--secondary" onClick={() => setMode('add')}>
            {t('orgs.cancel')}
          </button>
        </div>
      ) : null}
      {mode === 'history' ? (
        history.error ? (
          <ErrorMessage error={history.error} />
        ) : !history.data ? (
          <Loading />
        ) : history.data.changes.length === 0 ? (
          <p>{t('orgs.historyEmpty')}</p>
        ) : (
          <DataTable
            caption={t('orgs.historyOf', { name: unit.name })}
            columns={[t('orgs.history'), t('orgs.column.name'), t('orgs.column.parentCode')]}
            rows={history.data.changes.map((c, i) => ({
              key: String(i),
              cells: [
                `${formatDateTime(language.value, c.at)} · ${t(`orgs.action.${c.action}`)} · ${c.actor?.fullName ?? t('orgs.operator')}`,
                c.before && c.after && c.before.name !== c.after.name ? `${c.before.name} → ${c.after.name}` : (c.after ?? c.before)?.name ?? '—',
                c.before && c.after && c.before.parentCode !== c.after.parentCode ? `${c.before.parentCode} → ${c.after.parentCode}` : (c.after ?? c.before)?.parentCode ?? '—',
              ],
            }))}
          />
        )
      ) : null}
    </section>
  );
}

function ImportSection({ root, onDone }: { root: OrgUnit; onDone(): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<OrgImportReport | null>(null);
  const { busy, error, setError, run } = useSubmit();
  const send = async (mode: 'check' | 'valid') => {
    if (!file) return;
    const answer = await run(() =>
      uploadFile('POST /api/organisations/:code/import', { params: { code: root.code }, query: { mode } }, file).catch((caught: unknown) => {
        if (caught instanceof ApiError && caught.report) setReport(caught.report as OrgImportReport);
        throw caught;
      }),
    );
    if (answer) (setReport(answer), mode === 'valid' && onDone());
  };
  return (
    <section class="card">
      <h2>{t('orgs.import')}</h2>
      <p class="muted">{t('orgs.importHint', { unit: root.name })}</p>
      <div class="field">
        <label for="units-file">{t('orgs.importFile')}</label>
        <input
          id="units-file"
          type="file"
          accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => (setFile((e.target as HTMLInputElement).files?.[0] ?? null), setReport(null), setError(null))}
        />
      </div>
      <button type="button" class="button" disabled={!file || busy} onClick={() => send('check')}>
        {t('orgs.importCheck')}
      </button>
      {error && !report ? <ErrorMessage error={error} /> : null}
      {report ? (
        <div role="status">
          <p>{report.written ? t('orgs.importDone', { created: report.created }) : t('orgs.importReport', { valid: report.validRows, rows: report.rows })}</p>
          {report.problems.length > 0 ? (
            <DataTable
              caption={t('orgs.import')}
              columns={[t('members.row'), t('members.column'), t('members.problem')]}
              rows={report.problems.map((p, i) => ({ key: String(i), cells: [p.row || '—', p.column ?? '—', p.message] }))}
            />
          ) : null}
          {!report.written && report.validRows > 0 ? (
            <button type="button" class="button" disabled={busy} onClick={() => send('valid')}>
              {t('orgs.importWrite')}
            </button>
          ) : null}
        </div>
      ) : null}
    </section>
  );
}

export function UnitsPage() {
  const roots = useApi('GET /api/organisations');
  const [rootCode, setRootCode] = useState<string | null>(null);
  const [historical, setHistorical] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [message, setMessage] = useState('');
  const root = roots.data?.roots.find((r) => r.code === rootCode) ?? roots.data?.roots[0];
  const tree = useApi(root ? 'GET /api/organisations/:code/tree' : null, { params: { code: root?.code ?? '' }, query: { historical } });
  if (roots.error) return <ErrorMessage error={roots.error} />;
  if (!roots.data) return <Loading />;
  if (!root) return <p>{t('orgs.none')}</p>;
  const units = tree.data?.units ?? [];
  const current = (selected && units.find((u) => u.code === selected)) || tree.data?.root;
  // A unit just retired stays in view, among the historical ones.
  const changed = (select?: string, retired = false) => (retired && setHistorical(true), tree.reload(), select && setSelected(select));

  return (
    <div class="wide">
      <h1>{t('orgs.title')}</h1>
      <p>{t('orgs.intro')}</p>
      {message ? (
        <p class="success" role="status">
          {message}
        </p>
      ) : null}
      <div class="units-layout">
        <section class="card" aria-labelledby="units-tree-title">
          <h2 id="units-tree-title">{root.name}</h2>
          {roots.data.roots.length > 1 ? (
            <div class="field">
              <label for="units-root">{t('orgs.root')}</label>
              <select id="units-root" value={root.code} onChange={(e) => (setRootCode((e.target as HTMLSelectElement).value), setSelected(null))}>
                {roots.data.roots.map((r) => (
                  <option key={r.code} value={r.code}>
                    {r.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
          <Checkbox name="historical" label={t('orgs.historical')} checked={historical} onChange={setHistorical} />
          {tree.error ? <ErrorMessage error={tree.error} /> : !tree.data ? <Loading /> : null}
          {tree.data ? (
            <>
              <button type="button" class={`unit-tree__node${current?.code === root.code ? ' unit-tree__node--selected' : ''}`} aria-pressed={current?.code === root.code} onClick={() => setSelected(root.code)}>
                <span class="unit-tree__name">{tree.data.root.name}</span> <span class="muted">{kindLabel(tree.data.root.kind)} · {tree.data.root.code}</span>
              </button>
              {units.length === 0 ? <p>{t('orgs.empty')}</p> : <TreeList units={units} parent={root.code} selected={current?.code ?? ''} onSelect={setSelected} />}
            </>
          ) : null}
        </section>
        <div>
          {current && tree.data ? <UnitPanel key={current.code} unit={current} root={tree.data.root} units={units} onChanged={changed} notice={setMessage} /> : null}
          <ImportSection root={root} onDone={() => tree.reload()} />
        </div>
      </div>
    </div>
  );
}
