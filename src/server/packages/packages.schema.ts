import Type from 'typebox';
import type { CourseId } from '../../shared/ids.js';
import { Id } from '../http/schemas.js';

export const PackageCourseParams = Type.Object({ id: Id<CourseId>() });
export const ImportedCourse = Type.Object({ id: Type.Integer(), title: Type.String() }, { examples: [{ id: 16, title: 'Bán nông sản trên sàn thương mại điện tử' }] });
