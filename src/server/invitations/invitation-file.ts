/**
 * An invitation list from Excel (or CSV), read as the members import reads its files and reported the same way:
 * every problem by row and column. Nothing partial: a file with any bad row (a bad phone, an unknown group or
 * venue, a quota it would pass, a person twice or already invited) invites nobody.
 */
import ExcelJS from 'exceljs';
import type { EventId, ParticipantGroupId, VenueId } from '../../shared/ids.js';
import { type MessageKey, type MessageParams, translate } from '../../shared/i18n/translate.js';
import type { Language } from '../../shared/limits.js';
import { foldForSearch } from '../../shared/text.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { venuesOf } from '../events/events.service.js';
import { type FileProblem, readTableFile } from '../members/members.service.js';
import { accountOf, type CheckedPerson, checkPerson } from './invitation-person.js';
import { findGroupsOfEvent, findInvitations, findQuotaUse } from './invitations.queries.js';
import type { InvitationImportReport } from './invitations.schema.js';
import { createInvitation, type InvitationsActor } from './invitations.service.js';

const columnKeys = ['fullName', 'phone', 'group', 'venue', 'birthYear', 'homeCode'] as const;
type Column = (typeof columnKeys)[number];
const optional: readonly Column[] = ['birthYear', 'homeCode'];
const columns = columnKeys.map((key) => ({ key, header: translate('vi', `invitations.column.${key}`) }));
const header = (key: Column) => columns.find((c) => c.key === key)!.header;

type RawRow = { row: number } & Record<Column, string>;
interface ValidRow {
  row: number;
  person: CheckedPerson;
  venueId: VenueId;
  groupId: ParticipantGroupId;
}

function rowsOf(table: string[][], problems: FileProblem[]): RawRow[] {
  const folded = (table[0] ?? []).map((h) => foldForSearch(h));
  const at = new Map<Column, number>();
  for (const c of columns) {
    const i = folded.indexOf(foldForSearch(c.header));
    if (i >= 0) at.set(c.key, i);
    else if (!optional.includes(c.key)) problems.push({ row: 1, column: c.header, key: 'members.problem.missing_column', params: { column: c.header } });
  }
  if (problems.some((p) => p.row <= 1)) return [];
  const rows: RawRow[] = [];
  table.slice(1).forEach((cells, i) => {
    if (cells.every((c) => c.trim() === '')) return;
    const row = { row: i + 2 } as RawRow;
    for (const c of columns) row[c.key] = (cells[at.get(c.key) ?? -1] ?? '').trim();
    rows.push(row);
  });
  return rows;
}

async function checkRows(db: Db, eventId: EventId, raw: readonly RawRow[], now: number) {
  const [venues, groups, use, invited] = await Promise.all([venuesOf(db, eventId), findGroupsOfEvent(db, eventId), findQuotaUse(db, eventId), findInvitations(db, eventId, { activeOnly: true })]);
  const venueByName = new Map(venues.filter((v) => v.retired_at === null).map((v) => [foldForSearch(v.name), v]));
  const groupByName = new Map(groups.map((g) => [foldForSearch(g.name), g]));
  const venueUnits = venues.flatMap((v) => (v.unit_id === null ? [] : [v.unit_id]));
  const unitCodes = new Map(venueUnits.length === 0 ? [] : (await db.selectFrom('units').select(['id', 'code']).where('id', 'in', venueUnits).execute()).map((u) => [u.id, u.code]));
  const alreadyInvited = new Set(invited.map((i) => i.phone));
  // Seats left outside allocations: the quota less the seats taken by non-unit invitations and those held for units.
  const free = new Map<string, number>();
  const unitNamed = new Map<string, number>();
  for (const i of invited) if (i.source === 'unit' && i.rsvp !== 'declined') unitNamed.set(`${i.venue_id}:${i.group_id}`, (unitNamed.get(`${i.venue_id}:${i.group_id}`) ?? 0) + 1);
  for (const q of use) free.set(`${q.venueId}:${q.groupId}`, q.quota - (q.invited - (unitNamed.get(`${q.venueId}:${q.groupId}`) ?? 0)) - q.allocated);
  const problems: FileProblem[] = [];
  const valid: ValidRow[] = [];
  const seen = new Map<string, number>();
  for (const r of raw) {
    const found: FileProblem[] = [];
    const problem = (column: Column, key: MessageKey, params?: MessageParams) => found.push({ row: r.row, column: header(column), key, params });
    const venue = venueByName.get(foldForSearch(r.venue));
    if (!venue) problem('venue', 'invitations.problem.unknown_venue', { venue: r.venue.slice(0, 80) });
    const group = groupByName.get(foldForSearch(r.group));
    if (!group) problem('group', 'invitations.problem.unknown_group', { group: r.group.slice(0, 80) });
    const checked = await checkPerson(db, r, venue?.unit_id ? (unitCodes.get(venue.unit_id) ?? null) : null, now);
    for (const p of checked.problems) problem(p.field, p.key, p.params);
    const phone = checked.person?.phone;
    if (phone && seen.has(phone)) problem('phone', 'members.problem.duplicate', { row: seen.get(phone)! });
    else if (phone && alreadyInvited.has(phone)) problem('phone', 'invitations.problem.already_invited');
    if (phone && !seen.has(phone)) seen.set(phone, r.row);
    if (venue && group) {
      const key = `${venue.id}:${group.id}`;
      const left = free.get(key);
      if (left === undefined) problem('group', 'error.invitation_no_seats', { group: group.name, venue: venue.name });
      else if (found.length === 0) {
        if (left <= 0) problem('group', 'error.invitation_quota_full', { group: group.name, venue: venue.name, quota: use.find((q) => `${q.venueId}:${q.groupId}` === key)!.quota });
        else free.set(key, left - 1);
      }
    }
    if (found.length > 0) problems.push(...found);
    else valid.push({ row: r.row, person: checked.person!, venueId: venue!.id, groupId: group!.id });
  }
  return { valid, problems };
}

const describe = (language: Language, problems: readonly FileProblem[]) =>
  problems.slice(0, 1000).map((p) => ({ row: p.row, column: p.column, message: translate(language, p.key, p.params) }));

/** check: the report only. all: invite everyone in one transaction, only if no row has a problem (else 400 with the report). */
export async function importInvitations(db: Db, eventId: EventId, bytes: Buffer, mode: 'check' | 'all', actor: InvitationsActor & { language: Language }): Promise<InvitationImportReport> {
  const file = await readTableFile(bytes, columns.length);
  const raw = file.table ? rowsOf(file.table, file.problems) : [];
  const unreadable = !file.table || file.problems.some((p) => p.row <= 1);
  const checked = unreadable ? { valid: [], problems: [] } : await checkRows(db, eventId, raw, actor.now);
  const problems = [...file.problems, ...checked.problems].sort((a, b) => a.row - b.row);
  const report: InvitationImportReport = { rows: raw.length, validRows: checked.valid.length, problems: describe(actor.language, problems), written: false, invited: 0, created: 0 };
  if (mode === 'check') return report;
  if (unreadable || problems.length > 0 || checked.valid.length === 0) throw new AppError('invitations_file_invalid', 400, { count: problems.length }, {}, {}, [], { report });
  await db.transaction().execute(async (trx) => {
    for (const r of checked.valid) {
      const { userId, created } = await accountOf(trx, r.person, actor.now);
      await createInvitation(trx, { eventId, venueId: r.venueId, groupId: r.groupId, userId, source: 'import', invitedBy: actor.userId, now: actor.now });
      report.invited++;
      if (created) report.created++;
    }
    await recordAudit(trx, { at: actor.now, actorUserId: actor.userId, action: 'invitation.import', details: { event: eventId, invited: report.invited, created: report.created }, ip: actor.ip });
  });
  return { ...report, written: true };
}

/** The template: the columns, one example row, and the event's groups and venues to choose from. */
export async function invitationTemplate(db: Db, eventId: EventId): Promise<Buffer> {
  const [venues, groups] = await Promise.all([venuesOf(db, eventId), findGroupsOfEvent(db, eventId)]);
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(translate('vi', 'invitations.sheet.list'));
  sheet.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.key === 'fullName' || c.key === 'group' || c.key === 'venue' ? 32 : 18 }));
  sheet.getRow(1).font = { bold: true };
  sheet.views = [{ state: 'frozen', ySplit: 1 }];
  sheet.addRow({ fullName: translate('vi', 'members.example.name'), phone: '0912345678', group: groups[0]?.name ?? '', venue: venues[0]?.name ?? '', birthYear: 1985, homeCode: '' });
  for (const key of ['phone', 'homeCode']) sheet.getColumn(key).numFmt = '@';
  const choices = workbook.addWorksheet(translate('vi', 'invitations.sheet.choices'));
  choices.addRow([header('group'), header('venue')]).font = { bold: true };
  for (let i = 0; i < Math.max(groups.length, venues.length); i++) choices.addRow([groups[i]?.name ?? '', venues.filter((v) => v.retired_at === null)[i]?.name ?? '']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
