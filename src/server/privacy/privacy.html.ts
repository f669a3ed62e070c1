/**
 * The readable copy of a person's data: one printable HTML page in their language, with no script and no request
 * to anything else (its one inline style is allowed by its hash). Every value is text, escaped.
 */
import { createHash } from 'node:crypto';
import { vietnamTimeZone } from '../../shared/days.js';
import { formatDateTime } from '../../shared/i18n/format.js';
import { isMessageKey, translate } from '../../shared/i18n/translate.js';
import type { Language } from '../../shared/limits.js';
import { formatPhoneNational } from '../../shared/phone.js';
import type { MyConsentsAnswer, PersonalDataExportAnswer } from './privacy.schema.js';

const style = [
  'body{font:16px/1.5 system-ui,sans-serif;margin:1rem;color:#111;max-width:60rem}',
  'h1{font-size:1.5rem}h2{font-size:1.25rem;margin-top:2rem}h3{font-size:1.05rem;margin-top:1.5rem}',
  'table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #999;padding:.25rem .4rem;text-align:left;vertical-align:top;word-break:break-word}',
  'th{background:#eee}dt{font-weight:600}dd{margin:0 0 .5rem;word-break:break-word}.muted{color:#444}',
  '.rows>li{border-top:1px solid #999;padding:.5rem 0}.rows dl{margin:0}.rows dd{margin-left:1rem}',
  '@media print{body{margin:0}h2{break-after:avoid}}',
].join('');

/** The Content-Security-Policy the page is served with: nothing but its own inline style. */
export const exportPagePolicy = `default-src 'none'; style-src 'sha256-${createHash('sha256').update(style).digest('base64')}'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;

const escape = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function cell(language: Language, column: string, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' && column.endsWith('_at') && value > 0) return escape(formatDateTime(language, value, vietnamTimeZone));
  if (typeof value === 'object') return escape(JSON.stringify(value));
  return escape(String(value));
}

/** Each row as a list of its fields (a phone is too narrow for a table of a dozen columns), numbered. */
function rowsList(language: Language, rows: readonly unknown[]): string {
  const records = rows.filter((r): r is Record<string, unknown> => typeof r === 'object' && r !== null);
  const items = records.map((r) => `<li><dl>${Object.keys(r).map((c) => `<dt>${escape(c)}</dt><dd>${cell(language, c, r[c]) || '—'}</dd>`).join('')}</dl></li>`);
  return `<ol class="rows">${items.join('')}</ol>`;
}

export function renderExportPage(
  language: Language,
  person: { fullName: string; phone: string; birthYear: number; unit: string },
  data: PersonalDataExportAnswer,
  consents: MyConsentsAnswer,
): string {
  const t = (key: Parameters<typeof translate>[1], params?: Parameters<typeof translate>[2]) => escape(translate(language, key, params));
  const when = (iso: string) => escape(formatDateTime(language, iso, vietnamTimeZone));
  const label = (kind: string, value: string) => {
    const key = `${kind}.${value}`;
    return isMessageKey(key) ? t(key) : escape(value);
  };
  const profile = [
    [t('field.fullName'), escape(person.fullName)],
    [t('field.phone'), escape(formatPhoneNational(person.phone))],
    [t('field.birthYear'), escape(String(person.birthYear))],
    [t('field.unitCode'), escape(person.unit)],
  ]
    .map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`)
    .join('');
  const history = consents.history
    .map(
      (e) =>
        `<tr><td>${label('myData.purpose', e.purpose)}</td><td>${e.event === 'given' ? t('myData.consent.given') : t('myData.consent.withdrawn')}</td><td>${when(e.at)}</td><td>${label('myData.channel', e.channel)}${
          e.byHelper ? ` — ${t('myData.consent.byHelper', { name: e.byHelper })}` : ''
        }</td></tr>`,
    )
    .join('');
  const tables = Object.entries(data.tables)
    .filter(([, rows]) => rows.length > 0)
    .map(([name, rows]) => `<section><h3>${label('myData.table', name)} <span class="muted">(${escape(name)}, ${rows.length})</span></h3>${rowsList(language, rows)}</section>`)
    .join('');
  return `<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${t('myData.page.title')} — ${escape(person.fullName)}</title><style>${style}</style></head>
<body><main>
<h1>${t('myData.page.title')}</h1>
<p class="muted">${t('myData.page.intro', { time: formatDateTime(language, data.exportedAt, vietnamTimeZone), version: data.noticeVersion })}</p>
<h2>${t('profile.details')}</h2><dl>${profile}</dl>
<h2>${t('myData.consent.history')}</h2>
<table><thead><tr><th scope="col">${t('myData.consent.purpose')}</th><th scope="col">${t('myData.consent.event')}</th><th scope="col">${t('myData.consent.when')}</th><th scope="col">${t('myData.consent.how')}</th></tr></thead><tbody>${history}</tbody></table>
<h2>${t('myData.page.everything')}</h2>
<p class="muted">${t('myData.page.everythingHint')}</p>
${tables}
</main></body></html>`;
}
