import Type from 'typebox';
import { IsoTime, Nullable, Offset } from '../http/schemas.js';

export const LearnersPage = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }), offset: Offset }, { additionalProperties: false });

const example = {
  id: 4182,
  fullName: 'Nguyễn Thị Lan',
  unit: { code: '30307', name: 'Long Xuyên' },
  registeredAt: '2026-11-20T02:00:00.000Z',
  enrolledCourses: 2,
  completedCourses: 1,
  lastActivityAt: '2026-12-01T09:12:00.000Z',
};

/** Least personal data a progress summary needs: no phone number, no birth year. */
export const LearnerList = Type.Object(
  {
    total: Type.Integer(),
    learners: Type.Array(
      Type.Object({
        id: Type.Integer({ description: "The platform's account id" }),
        fullName: Type.String(),
        unit: Type.Object({ code: Type.String(), name: Type.String() }, { description: 'Where the person lives' }),
        registeredAt: IsoTime,
        enrolledCourses: Type.Integer(),
        completedCourses: Type.Integer(),
        lastActivityAt: Nullable(IsoTime),
      }),
    ),
  },
  { examples: [{ total: 1, learners: [example] }] },
);
