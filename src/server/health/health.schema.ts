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
