/**
 * Calendar days in Vietnam (UTC+7, no daylight saving), as the whole number of
 * days since 1970-01-01. Rollups, dashboards, campaigns, reports and
 * certificates all count days this way; dates travel as YYYY-MM-DD and are shown
 * by i18n/format.ts (formatDate: dd/mm/yyyy).
 */
const vietnamOffsetMs = 7 * 3_600_000;
/** The same offset by name, for Intl date formatting. */
export const vietnamTimeZone = 'Asia/Ho_Chi_Minh';
const dayMs = 86_400_000;

/** The day (Vietnam time) an instant falls on. */
export const dayOf = (ms: number) => Math.floor((ms + vietnamOffsetMs) / dayMs);

/** A day as YYYY-MM-DD. */
export const isoOfDay = (day: number) => new Date(day * dayMs).toISOString().slice(0, 10);

/** YYYY-MM-DD as a day. */
export const dayOfIso = (text: string) => Math.floor(Date.parse(`${text}T00:00:00Z`) / dayMs);
