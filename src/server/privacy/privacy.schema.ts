import Type from 'typebox';

export const PersonalDataExport = Type.Object({
  exportedAt: Type.String({ format: 'date-time' }),
  noticeVersion: Type.String(),
  tables: Type.Record(Type.String(), Type.Array(Type.Unknown()), { description: 'Rows about me, table by table' }),
}, {
  examples: [
    {
      exportedAt: '2026-12-02T08:30:00.000Z',
      noticeVersion: '2026-11-24',
      tables: {
        users: [{ id: 1024, phone: '+84912345678', fullName: 'Nguyễn Thị Mai', birthYear: 1968, unitCode: '30292' }],
        lesson_progress: [{ lessonId: 42, status: 'completed', completedAt: '2026-11-30T01:20:00.000Z' }],
      },
    },
  ],
});
