import Type from 'typebox';
import type { CourseId } from '../../shared/ids.js';
import { Id } from '../http/schemas.js';
import { limits } from '../../shared/limits.js';

export const PackageCourseParams = Type.Object({ id: Id<CourseId>() });
export const ImportedCourse = Type.Object({ id: Type.Integer(), title: Type.String() }, { examples: [{ id: 16, title: 'Bán nông sản trên sàn thương mại điện tử' }] });

export const ShippedCourseParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: limits.unitCodeMaxLength }), package: Type.String({ pattern: '^[a-z0-9][a-z0-9-]{0,79}$', description: 'The folder name of a shipped package (content/<package>/)' }) });

export const ShippedCourseList = Type.Object(
  {
    packages: Type.Array(
      Type.Object({
        package: Type.String(),
        title: Type.String(),
        version: Type.String({ description: 'A fingerprint of the package files as shipped with this release' }),
        status: Type.Union([Type.Literal('not_imported'), Type.Literal('imported'), Type.Literal('update_available')]),
        imported: Type.Union([Type.Object({ courseId: Type.Integer(), version: Type.String(), at: Type.String({ format: 'date-time' }) }), Type.Null()]),
      }),
    ),
  },
  {
    examples: [
      {
        packages: [
          { package: 'ky-nang-so-co-ban', title: 'Kỹ năng số cơ bản', version: '3f2a9c01b7de', status: 'imported', imported: { courseId: 1, version: '3f2a9c01b7de', at: '2026-12-06T02:00:00.000Z' } },
          { package: 'tri-tue-nhan-tao', title: 'Trí tuệ nhân tạo cho mọi người', version: '81c0d2e4f5a6', status: 'not_imported', imported: null },
        ],
      },
    ],
  },
);
