/** Event times are typed and shown in Vietnam time (UTC+7), whatever the phone's own time zone. */
const offsetMs = 7 * 3_600_000;

/** An instant as a datetime-local value in Vietnam time: 2025-05-19T07:30. */
export function toVietnamInput(iso: string): string {
  return new Date(Date.parse(iso) + offsetMs).toISOString().slice(0, 16);
}

/** A datetime-local value read as Vietnam time; null when it is not a complete date and time. */
export function fromVietnamInput(value: string): string | null {
  const ms = Date.parse(`${value}:00+07:00`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}
