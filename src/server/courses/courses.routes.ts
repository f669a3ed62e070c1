import type { Db } from '../db/database.js';
import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { sendReadyJson } from '../http/ready-json.js';
import { errorResponses } from '../http/schemas.js';
import { Catalog, CatalogQuery, CourseOutline, CourseParams } from './courses.schema.js';
import { browseCatalogJson, describeCourseJson, type PublishedCourseCache } from './courses.service.js';

export interface CoursesRoutesDeps {
  db: Db;
  courses: PublishedCourseCache;
}

export async function coursesRoutes(app: App, deps: CoursesRoutesDeps): Promise<void> {
  const tags = ['learning'];

  app.get(
    '/api/courses',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: 'Published courses; search matches title, summary and lesson text with or without diacritics, title matches first',
        description: 'Public. Published courses a page at a time (`limit`, `offset`, and `total` in the answer), narrowed by words (`q`) and by audience or competence tags (`tag`, all must match).',
        querystring: CatalogQuery,
        response: { 200: Catalog, ...errorResponses },
      },
    },
    async (request, reply) => sendReadyJson(reply, await browseCatalogJson(deps.db, deps.courses, request.query)),
  );

  app.get(
    '/api/courses/:id',
    {
      config: { policy: allow.anyone },
      schema: {
        tags,
        summary: "A published course's outline, with my state of every lesson when signed in",
        description: 'Public; a signed-in learner also gets the state of each lesson and their progress (null for visitors). 404 course_not_found for a course that is not published.',
        params: CourseParams,
        response: { 200: CourseOutline, ...errorResponses },
      },
    },
    async (request, reply) => sendReadyJson(reply, await describeCourseJson(deps.db, deps.courses, request.params.id, request.viewer?.userId ?? null)),
  );
}
