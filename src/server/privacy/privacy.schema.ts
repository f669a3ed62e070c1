import Type from 'typebox';

export const PersonalDataExport = Type.Object({
  exportedAt: Type.String({ format: 'date-time' }),
  noticeVersion: Type.String(),
  tables: Type.Record(Type.String(), Type.Array(Type.Unknown()), { description: 'Rows about me, table by table' }),
});
