/** Words of the door check-in both the server and the door phone use. */
export const checkinMethods = ['qr', 'code', 'phone', 'walk_in'] as const;
export type CheckinMethod = (typeof checkinMethods)[number];

/**
 * What a scan came to. checked_in counts; already (same venue) is fine; conflict (checked in at another venue),
 * wrong_venue (invited elsewhere), unknown (forged or mistyped), other_event and cancelled are refused and logged.
 */
export const checkinResults = ['checked_in', 'already', 'conflict', 'wrong_venue', 'unknown', 'other_event', 'cancelled'] as const;
export type CheckinResult = (typeof checkinResults)[number];
