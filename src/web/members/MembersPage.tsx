/**
 * Members of a unit: download the template, check a file (every problem by row
 * and column), then import it whole, or only its valid rows.
 */
import { useState } from 'preact/hooks';
import type { ImportReport as Report } from '../../server/members/members.schema.js';
import { type Answer, ApiError, uploadFile } from '../api.js';
import { useSubmit } from '../ui/forms.js';
import { t } from '../i18n/i18n.js';
import { ErrorMessage, Loading } from '../ui/Feedback.js';
import { DataTable } from '../ui/DataTable.js';
import { useApi } from '../ui/useApi.js';


export function MembersPage({ code }: { code: string }) {
  const { data: list, error: listError, reload } = useApi('GET /api/units/:code/members', { params: { code }, query: { limit: 50 } });
  const [file, setFile] = useState<File | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const { busy, error, setError, run } = useSubmit();

  const send = async (mode: 'check' | 'all' | 'valid') => {
    if (!file) return;
    const answer = await run(() =>
      uploadFile('POST /api/units/:code/members/import', { params: { code }, query: { mode } }, file).catch((caught: unknown) => {
        // A refused file still comes with its row-by-row report.
        if (caught instanceof ApiError && caught.report) setReport(caught.report as Report);
        throw caught;
      }),
    );
    if (!answer) return;
    setReport(answer);
    if (mode !== 'check') reload();
  };

  return (
    <div class="wide">
      <p>
        <a href={`/dashboard/${encodeURIComponent(code)}`}>← {t('nav.dashboard')}</a>
      </p>
      <h1>{t('members.title')}</h1>
      <section class="card">
        <h2>{t('members.import')}</h2>
        <p>
          <a href={`/api/units/${encodeURIComponent(code)}/members/template.xlsx`} download>
            {t('members.template')}
          </a>
        </p>
        <div class="field">
          <label for="members-file">{t('members.file')}</label>
          <input
            id="members-file"
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
        {report ? <ImportReport report={report} busy={busy} onImport={send} /> : null}
      </section>
      <section class="card">
        <h2>{t('members.list', { count: list?.total ?? 0 })}</h2>
        {listError ? <ErrorMessage error={listError} /> : !list ? <Loading /> : <MemberTable list={list} />}
      </section>
    </div>
  );
}

function ImportReport({ report, busy, onImport }: { report: Report; busy: boolean; onImport(mode: 'all' | 'valid'): void }) {
  if (report.written) {
    return (
      <p class="success" role="status">
        {t('members.done', { created: report.created, linked: report.linked, already: report.alreadyMembers })}
      </p>
    );
  }
  return (
    <div role="status">
      <p>{t('members.summary', { rows: report.rows, valid: report.validRows, problems: report.problems.length })}</p>
      {report.problems.length > 0 ? (
        <DataTable
          caption={t('members.problems')}
          columns={[t('members.row'), t('members.column'), t('members.problem')]}
          rows={report.problems.map((p, i) => ({ key: String(i), cells: [p.row || '—', p.column ?? '—', p.message] }))}
        />
      ) : null}
      {report.problems.length === 0 && report.validRows > 0 ? (
        <button type="button" class="button" disabled={busy} onClick={() => onImport('all')}>
          {t('members.importAll', { count: report.validRows })}
        </button>
      ) : report.validRows > 0 ? (
        <button type="button" class="button button--secondary" disabled={busy} onClick={() => onImport('valid')}>
          {t('members.importValid', { count: report.validRows })}
        </button>
      ) : null}
    </div>
  );
}

function MemberTable({ list }: { list: Answer<'GET /api/units/:code/members'> }) {
  return (
    <DataTable
      columns={[t('members.name'), t('dashboard.unit'), t('members.account')]}
      rows={list.members.map((m) => ({ key: `${m.phone}-${m.unit.code}`, cells: [m.fullName, m.unit.fullName, m.claimed ? t('members.claimed') : t('members.unclaimed')] }))}
    />
  );
}
