import Type from 'typebox';

export const Health = Type.Object({
  status: Type.Enum(['ok', 'unavailable']),
  engine: Type.Enum(['sqlite', 'postgres']),
  database: Type.Enum(['ok', 'unreachable']),
  time: Type.String({ format: 'date-time' }),
}, {
  examples: [
    { status: 'ok', engine: 'postgres', database: 'ok', time: '2026-12-02T08:30:00.000Z' },
    { status: 'unavailable', engine: 'postgres', database: 'unreachable', time: '2026-12-02T08:31:05.000Z' },
  ],
});
export type Health = Type.Static<typeof Health>;

export const Liveness = Type.Object({
  status: Type.Literal('ok'),
  time: Type.String({ format: 'date-time' }),
}, { examples: [{ status: 'ok', time: '2026-12-02T08:30:00.000Z' }] });
export type Liveness = Type.Static<typeof Liveness>;

export const NotReadyReason = Type.Enum(['draining', 'database_unreachable', 'migrations_pending']);
export type NotReadyReason = Type.Static<typeof NotReadyReason>;

export const Readiness = Type.Object({
  status: Type.Enum(['ready', 'unavailable']),
  /** Why the instance should get no traffic; absent when ready. */
  reason: Type.Optional(NotReadyReason),
  /** How many migrations of this build the database has not had yet (with reason migrations_pending). */
  pendingMigrations: Type.Optional(Type.Integer({ minimum: 1 })),
  time: Type.String({ format: 'date-time' }),
}, {
  examples: [
    { status: 'ready', time: '2026-12-02T08:30:00.000Z' },
    { status: 'unavailable', reason: 'migrations_pending', pendingMigrations: 1, time: '2026-12-02T08:31:05.000Z' },
    { status: 'unavailable', reason: 'draining', time: '2026-12-02T08:31:05.000Z' },
  ],
});
export type Readiness = Type.Static<typeof Readiness>;
