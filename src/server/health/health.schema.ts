import Type from 'typebox';

export const Health = Type.Object({
  status: Type.Enum(['ok', 'unavailable']),
  engine: Type.Enum(['sqlite', 'postgres']),
  database: Type.Enum(['ok', 'unreachable']),
  time: Type.String({ format: 'date-time' }),
});
export type Health = Type.Static<typeof Health>;
