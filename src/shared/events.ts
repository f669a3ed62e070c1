/**
 * Words of the events feature both sides use, and the one format of an invitation's personal QR: the link
 * `<origin>/invite#<secret>`. The secret stays in the fragment so it never reaches a server log; the door
 * scanner holds only the SHA-256 of each secret of its venue's list and checks a scan offline.
 */
export const eventModes = ['in_person', 'online', 'hybrid'] as const;
export type EventMode = (typeof eventModes)[number];
export const eventStatuses = ['draft', 'published', 'live', 'ended'] as const;
export type EventStatus = (typeof eventStatuses)[number];
export const venueKinds = ['main', 'bridge'] as const;
export type VenueKind = (typeof venueKinds)[number];
export const invitationSources = ['named', 'unit', 'import', 'walk_in', 'door_signup'] as const;
export type InvitationSource = (typeof invitationSources)[number];
export const invitationRsvps = ['pending', 'accepted', 'declined'] as const;
export type InvitationRsvp = (typeof invitationRsvps)[number];

export const invitationPath = '/invite';

/** 32 base64url characters: 192 random bits. */
const secretPattern = /^[A-Za-z0-9_-]{32}$/;

/** The secret in a scanned QR (the link, or the bare secret); null for anything else. */
export function invitationSecretFromScan(text: string): string | null {
  const trimmed = text.trim();
  const hash = trimmed.lastIndexOf('#');
  const secret = hash >= 0 ? trimmed.slice(hash + 1) : trimmed;
  if (hash >= 0 && !trimmed.slice(0, hash).endsWith(invitationPath)) return null;
  return secretPattern.test(secret) ? secret : null;
}

export interface AgendaSlot {
  startsAt: number;
  durationMinutes: number;
}

/**
 * The programme item running at `now` and the one after it, by the clock (items sorted by start). Between items,
 * `now` is null and `next` the coming one; after the last, both are null.
 */
export function nowAndNext<T extends AgendaSlot>(items: readonly T[], now: number): { now: T | null; next: T | null } {
  const sorted = [...items].sort((a, b) => a.startsAt - b.startsAt);
  const current = sorted.findLast((item) => item.startsAt <= now && now < item.startsAt + item.durationMinutes * 60_000) ?? null;
  const next = sorted.find((item) => item.startsAt > now) ?? null;
  return { now: current, next };
}

const vietnamOffsetMs = 7 * 3_600_000;

/** A time of day in Vietnam (UTC+7) as programmes write it: 7h30, 9h05, 14h00. */
export function programmeTime(ms: number): string {
  const d = new Date(ms + vietnamOffsetMs);
  return `${d.getUTCHours()}h${String(d.getUTCMinutes()).padStart(2, '0')}`;
}

/** An item's span as the official programme writes it: "7h30 – 7h45". */
export function programmeSpan(startsAt: number, durationMinutes: number): string {
  return `${programmeTime(startsAt)} – ${programmeTime(startsAt + durationMinutes * 60_000)}`;
}
