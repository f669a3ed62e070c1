/**
 * The programme (agenda) of an event: ordered items with a start, a duration, the content and who is responsible
 * (a unit, a named person, or both), optionally a clip of the media library. An organiser is warned, not refused,
 * when an item overlaps the next one, runs past the end of the event or starts before it: real programmes do this.
 */
import { programmeSpan, programmeTime } from '../../shared/events.js';
import type { AgendaItemId, EventId } from '../../shared/ids.js';
import { translate } from '../../shared/i18n/translate.js';
import type { Language } from '../../shared/limits.js';
import { normalizeLine } from '../../shared/text.js';
import { recordAudit } from '../audit/audit.service.js';
import type { Db, DbOrTx } from '../db/database.js';
import { badRequest, notFound } from '../errors.js';
import type { AgendaItemPatchBody, AgendaWarningKind, NewAgendaItemBody, Programme } from './events.schema.js';
import { deleteAgendaItem, type EventRow, findAgendaItem, findAgendaWithUnits, findEventById, findVenuesOfEvent, insertAgendaItem, lastPosition, setAgendaPositions, updateAgendaItem } from './events.queries.js';
import { checkMediaId, type EventActor, eventWhen } from './event-basics.js';
import { renderProgrammePdf } from './programme-pdf.js';
import { type OrganiserActor, unitInReach } from './event-venues.js';

type ItemRow = Awaited<ReturnType<typeof findAgendaWithUnits>>[number];

async function eventOrThrow(db: DbOrTx, id: EventId): Promise<EventRow> {
  const event = await findEventById(db, id);
  if (!event) throw notFound('event_not_found');
  return event;
}

const minute = 60_000;
const endOf = (item: ItemRow) => item.starts_at + item.duration_minutes * minute;

/** The warnings of a programme, in the order shown (position): the next item is the one below. */
function warningsOf(event: EventRow, items: readonly ItemRow[], language: Language): Programme['warnings'] {
  const warnings: Programme['warnings'] = [];
  const warn = (item: ItemRow, kind: AgendaWarningKind, params: Record<string, string>) =>
    warnings.push({ itemId: item.id, kind, message: translate(language, `events.warning.${kind}`, { content: item.content, span: programmeSpan(item.starts_at, item.duration_minutes), ...params }) });
  items.forEach((item, i) => {
    const next = items[i + 1];
    if (item.starts_at < event.starts_at) warn(item, 'starts_before_event', { start: programmeTime(item.starts_at), eventStart: programmeTime(event.starts_at) });
    if (endOf(item) > event.ends_at) warn(item, 'runs_past_end', { end: programmeTime(event.ends_at) });
    if (next && endOf(item) > next.starts_at) warn(item, 'overlaps_next', { next: programmeTime(next.starts_at) });
  });
  return warnings;
}

export async function programmeOf(db: DbOrTx, eventId: EventId, language: Language): Promise<Programme> {
  const event = await eventOrThrow(db, eventId);
  const items = await findAgendaWithUnits(db, eventId);
  return {
    items: items.map((item) => ({
      id: item.id,
      position: item.position,
      startsAt: new Date(item.starts_at).toISOString(),
      durationMinutes: item.duration_minutes,
      content: item.content,
      responsibleUnit: item.unit_code ? { code: item.unit_code, name: item.unit_name!, fullName: item.unit_full_name!, kind: item.unit_kind! } : null,
      responsibleName: item.responsible_name,
      mediaId: item.media_id === null ? null : Number(item.media_id),
    })),
    warnings: warningsOf(event, items, language),
  };
}

/** The programme as rows for the printable PDF: responsible unit and person joined. */
async function programmeRows(db: DbOrTx, eventId: EventId) {
  return (await findAgendaWithUnits(db, eventId)).map((item) => ({
    startsAt: item.starts_at,
    durationMinutes: item.duration_minutes,
    content: item.content,
    responsible: [item.unit_full_name, item.responsible_name].filter(Boolean).join('\n'),
  }));
}

async function itemColumns(db: DbOrTx, body: AgendaItemPatchBody, actor: OrganiserActor) {
  const content = body.content === undefined ? undefined : body.content.normalize('NFC').trim();
  if (content === '') throw badRequest('invalid_input', {}, 'content');
  if (body.mediaId) await checkMediaId(db, body.mediaId, ['video', 'image', 'audio'], 'mediaId');
  return {
    ...(body.startsAt === undefined ? {} : { starts_at: Date.parse(body.startsAt) }),
    ...(body.durationMinutes === undefined ? {} : { duration_minutes: body.durationMinutes }),
    ...(content === undefined ? {} : { content }),
    ...(body.responsibleUnitCode === undefined
      ? {}
      : { responsible_unit_id: body.responsibleUnitCode === null || body.responsibleUnitCode === '' ? null : (await unitInReach(db, body.responsibleUnitCode, actor.grants, 'responsibleUnitCode')).id }),
    ...(body.responsibleName === undefined ? {} : { responsible_name: body.responsibleName === null ? null : normalizeLine(body.responsibleName) || null }),
    ...(body.mediaId === undefined ? {} : { media_id: body.mediaId === null ? null : String(body.mediaId) }),
  };
}

const audit = (db: DbOrTx, event: EventRow, action: string, actor: EventActor, details: Record<string, number | string>) =>
  recordAudit(db, { at: actor.now, actorUserId: actor.userId, action, unitId: event.unit_id, details: { eventId: event.id, ...details }, ip: actor.ip });

/** A new item goes last; the organiser reorders if it belongs elsewhere. */
export async function addAgendaItem(db: Db, eventId: EventId, body: NewAgendaItemBody, actor: OrganiserActor, language: Language): Promise<Programme> {
  const event = await eventOrThrow(db, eventId);
  const columns = await itemColumns(db, body, actor);
  await db.transaction().execute(async (trx) => {
    await insertAgendaItem(trx, {
      event_id: eventId,
      position: (await lastPosition(trx, 'event_agenda_items', eventId)) + 1,
      starts_at: columns.starts_at!,
      duration_minutes: columns.duration_minutes!,
      content: columns.content!,
      responsible_unit_id: columns.responsible_unit_id ?? null,
      responsible_name: columns.responsible_name ?? null,
      media_id: columns.media_id ?? null,
    });
    await audit(trx, event, 'event.agenda_add', actor, {});
  });
  return programmeOf(db, eventId, language);
}

async function itemOf(db: DbOrTx, eventId: EventId, itemId: AgendaItemId) {
  const item = await findAgendaItem(db, eventId, itemId);
  if (!item) throw notFound('agenda_item_not_found');
  return item;
}

export async function patchAgendaItem(db: Db, eventId: EventId, itemId: AgendaItemId, body: AgendaItemPatchBody, actor: OrganiserActor, language: Language): Promise<Programme> {
  const event = await eventOrThrow(db, eventId);
  await itemOf(db, eventId, itemId);
  const columns = await itemColumns(db, body, actor);
  await db.transaction().execute(async (trx) => {
    await updateAgendaItem(trx, itemId, columns);
    await audit(trx, event, 'event.agenda_update', actor, { itemId });
  });
  return programmeOf(db, eventId, language);
}

export async function removeAgendaItem(db: Db, eventId: EventId, itemId: AgendaItemId, actor: OrganiserActor, language: Language): Promise<Programme> {
  const event = await eventOrThrow(db, eventId);
  await itemOf(db, eventId, itemId);
  await db.transaction().execute(async (trx) => {
    await deleteAgendaItem(trx, itemId);
    await audit(trx, event, 'event.agenda_remove', actor, { itemId });
  });
  return programmeOf(db, eventId, language);
}

export async function reorderAgenda(db: Db, eventId: EventId, ids: readonly AgendaItemId[], language: Language): Promise<Programme> {
  await eventOrThrow(db, eventId);
  const current = await findAgendaWithUnits(db, eventId);
  if (ids.length !== current.length || !current.every((v) => ids.includes(v.id))) throw badRequest('event_reorder_mismatch', {}, 'ids');
  await db.transaction().execute((trx) => setAgendaPositions(trx, eventId, ids));
  return programmeOf(db, eventId, language);
}

/** The printable programme (PDF) in the request's language; the where is the main venue (the first live one). */
export async function programmePdf(db: DbOrTx, eventId: EventId, language: Language): Promise<Buffer> {
  const event = await eventOrThrow(db, eventId);
  const [rows, venues] = await Promise.all([programmeRows(db, eventId), findVenuesOfEvent(db, eventId)]);
  const main = venues.find((v) => v.retired_at === null && v.kind === 'main') ?? venues.find((v) => v.retired_at === null);
  const where = main ? [main.name, main.address].filter(Boolean).join(', ') : '';
  const when = eventWhen(event.starts_at, event.ends_at);
  const label = (key: 'programme' | 'time' | 'content' | 'by') => translate(language, `events.pdf.${key}`);
  return renderProgrammePdf({
    title: event.title,
    when,
    where,
    rows,
    labels: { programme: label('programme'), time: label('time'), content: label('content'), by: label('by'), when: translate(language, 'events.pdf.when', { when }), where: translate(language, 'events.pdf.where', { where }) },
  });
}
