/** Time comes from here so that tests can move it (session expiry, code expiry, throttling windows). */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
