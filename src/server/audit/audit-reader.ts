/**
 * Auditors read the log of the subtree they are granted on: entries whose unit lies in it. Entries that name no unit
 * (sign-ins, an admin's settings, grants made on the command line…) belong to the whole province, so only an auditor
 * granted on the province (a root unit) sees them. Admins do not read the log: it watches them too.
 */
import type { UnitId, UserId } from '../../shared/ids.js';
import { dayOfIso } from '../../shared/days.js';
import { formatPhoneNational, normalizeVietnameseMobile } from '../../shared/phone.js';
import type { Db } from '../db/database.js';
import { AppError, forbidden, notFound } from '../errors.js';
import type { ScopedGrant } from '../http/reach.js';
import { findUnitByCode } from '../units/units.service.js';
import { findCredentialsByPhone } from '../users/users.service.js';
import { recordAudit } from './audit.service.js';
import { type AuditEntryRow, type AuditFilter, countAuditEntries, findAuditEntries } from './audit.queries.js';
import type { AuditFilterQuery, AuditLogEntry, AuditLogPage, AuditPageQuery } from './audit.schema.js';

export interface AuditReader {
  userId: UserId;
  grants: readonly (ScopedGrant & { unitId: UnitId })[];
  ip: string;
  now: number;
}

const dayMs = 86_400_000;
const vietnamOffsetMs = 7 * 3_600_000;
const dayStart = (iso: string) => dayOfIso(iso) * dayMs - vietnamOffsetMs;

/** A phone number in any format, or an account id; a phone nobody holds matches no entry. */
async function personFilter(db: Db, raw: string | undefined, field: string): Promise<UserId | undefined> {
  const text = raw?.trim();
  if (!text) return undefined;
  const phone = normalizeVietnameseMobile(text);
  if (phone) return (await findCredentialsByPhone(db, phone))?.id ?? (0 as UserId);
  if (/^[1-9]\d{0,14}$/.test(text)) return Number(text) as UserId;
  throw new AppError('invalid_input', 400, {}, { [field]: { key: 'error.audit_person_filter' } });
}

async function resolveFilter(db: Db, reader: AuditReader, query: AuditFilterQuery): Promise<{ filter: AuditFilter; unitId: UnitId | null }> {
  const reach = reader.grants.filter((g) => g.role === 'auditor');
  if (reach.length === 0) throw forbidden();
  // A root unit (the province) has a path of one id: its auditors see the entries that name no unit.
  const provinceWide = reach.some((g) => g.unitPath.split('/').filter(Boolean).length === 1);
  let unitPath: string | undefined;
  let unitId: UnitId | null = reach[0]!.unitId;
  if (query.unit) {
    const unit = await findUnitByCode(db, query.unit.trim());
    if (!unit) throw notFound('unit_not_found');
    if (!reach.some((g) => unit.path.startsWith(g.unitPath))) throw forbidden();
    unitPath = unit.path;
    unitId = unit.id;
  }
  if (query.from && query.to && query.from > query.to) throw new AppError('invalid_input', 400, {}, { to: { key: 'error.audit_period' } });
  const filter: AuditFilter = {
    reach: reach.map((g) => g.unitPath),
    withoutUnit: provinceWide,
    unitPath,
    actorUserId: await personFilter(db, query.actor, 'actor'),
    subjectUserId: await personFilter(db, query.subject, 'subject'),
    action: query.action,
    fromAt: query.from ? dayStart(query.from) : undefined,
    toAt: query.to ? dayStart(query.to) + dayMs : undefined,
  };
  return { filter, unitId };
}

/** What the reading itself leaves in the log: the filter as ids and days, never a phone number typed into it. */
function readDetails(filter: AuditFilter, query: AuditFilterQuery, count: number) {
  return {
    actor: filter.actorUserId ?? null,
    subject: filter.subjectUserId ?? null,
    action: filter.action ?? null,
    unit: query.unit ?? null,
    from: query.from ?? null,
    to: query.to ?? null,
    count,
  };
}

const person = (id: UserId | null, fullName: string | null, phone: string | null) => (id === null ? null : { id, fullName: fullName ?? '', phone: phone ? formatPhoneNational(phone) : '' });

function present(row: AuditEntryRow): AuditLogEntry {
  return {
    id: row.id,
    at: new Date(Number(row.at)).toISOString(),
    action: row.action,
    actor: person(row.actor_user_id, row.actor_name, row.actor_phone),
    subject: person(row.subject_user_id, row.subject_name, row.subject_phone),
    unit: row.unit_code ? { code: row.unit_code, fullName: row.unit_name ?? '' } : null,
    details: JSON.parse(row.details) as AuditLogEntry['details'],
    ip: row.ip,
  };
}

/** A page of the log within the auditor's reach, newest first; the look is itself logged. */
export async function readAuditLog(db: Db, reader: AuditReader, query: AuditPageQuery): Promise<AuditLogPage> {
  const { filter, unitId } = await resolveFilter(db, reader, query);
  const [total, rows] = await Promise.all([countAuditEntries(db, filter), findAuditEntries(db, filter, { limit: query.limit ?? 50, offset: query.offset ?? 0 })]);
  await recordAudit(db, { at: reader.now, actorUserId: reader.userId, action: 'audit.read', unitId, details: readDetails(filter, query, rows.length), ip: reader.ip });
  return { total, entries: rows.map(present) };
}

/** The most rows one export holds; a narrower filter gets the rest. */
export const auditExportLimit = 50_000;

/** Every entry the filter matches (up to auditExportLimit), for the Excel export; the export is logged. */
export async function exportAuditLog(db: Db, reader: AuditReader, query: AuditFilterQuery): Promise<{ entries: AuditLogEntry[]; total: number }> {
  const { filter, unitId } = await resolveFilter(db, reader, query);
  const total = await countAuditEntries(db, filter);
  const rows = await findAuditEntries(db, filter, { limit: auditExportLimit, offset: 0 });
  await recordAudit(db, { at: reader.now, actorUserId: reader.userId, action: 'audit.export', unitId, details: readDetails(filter, query, rows.length), ip: reader.ip });
  return { entries: rows.map(present), total };
}
