import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Readable } from 'node:stream';
import type { App } from '../http/app-type.js';
import { authoringPolicies, slugFor } from '../authoring/authoring.service.js';
import type { Clock } from '../clock.js';
import { allow, unitCodeFromParams } from '../http/policies.js';
import { authorizedUnitOf } from '../http/request-context.js';
import { viewerOf } from '../http/request-origin.js';
import { errorResponses, FileResponse } from '../http/schemas.js';
import { UnitCodeParams } from '../units/units.schema.js';
import { type ImportDeps, importUploadedPackage } from './course-package.js';
import { exportPackage } from './package-export.js';
import { ImportedCourse, PackageCourseParams, ShippedCourseList, ShippedCourseParams } from './packages.schema.js';
import { listShippedCourses, publishShippedCourse } from './shipped-courses.js';

export interface PackagesRoutesDeps extends ImportDeps {
  clock: Clock;
}

export async function packagesRoutes(app: App, deps: PackagesRoutesDeps): Promise<void> {
  const tags = ['authoring'];
  const policies = authoringPolicies(deps.db);

  app.get(
    '/api/authoring/courses/:id/package',
    {
      config: { policy: policies.course },
      schema: {
        tags,
        summary: "Download the course's draft as a package (zip: course.json, lessons, media)",
        description: "Authors of the course's unit or of a unit above it. The draft as a zip (course.json, one Markdown file per lesson, the question bank and quizzes, the media files), to move a course to another unit or platform.",
        params: PackageCourseParams,
        response: { 200: FileResponse('application/zip'), ...errorResponses },
      },
    },
    async (request, reply) => {
      const { slug, zip } = await exportPackage(deps, request.params.id);
      return reply.type('application/zip').header('content-disposition', `attachment; filename="${slug}.zip"`).send(zip);
    },
  );

  app.get(
    '/api/units/:code/shipped-courses',
    {
      config: { policy: allow.roleOnUnit('admin', unitCodeFromParams()) },
      schema: {
        tags,
        summary: 'The course packages shipped with the platform and whether each is published here',
        description: 'Admins of the unit or of a unit above it. Each package in the release (content/<package>/) with its title, its version, and its status here: not imported, imported (this version) or a newer version available.',
        params: UnitCodeParams,
        response: { 200: ShippedCourseList, ...errorResponses },
      },
    },
    async () => listShippedCourses(deps.db),
  );

  app.post(
    '/api/units/:code/shipped-courses/:package/publish',
    {
      config: { policy: allow.roleOnUnit('admin', unitCodeFromParams()) },
      schema: {
        tags,
        summary: 'Import and publish a shipped course package as a course of this unit',
        description:
          'Admins of the unit or of a unit above it (the first admin: the province). Imports the package through the same import as an uploaded zip, as a course of this unit, and publishes it to every learner. A newer version becomes a course of its own beside the earlier one. 404 package_not_found; 409 package_already_published for the version already published. Audited.',
        params: ShippedCourseParams,
        response: { 201: ImportedCourse, ...errorResponses },
      },
    },
    async (request, reply) => reply.status(201).send(await publishShippedCourse(deps, request.params.package, authorizedUnitOf(request), { userId: viewerOf(request).userId, ip: request.ip, now: deps.clock.now() })),
  );

  // The body is the zip itself: streamed to disk, checked whole, imported all or nothing.
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    scope.post(
      '/api/units/:code/course-packages',
      {
        config: { policy: allow.roleOnUnit('author', unitCodeFromParams()) },
        bodyLimit: Number.MAX_SAFE_INTEGER,
        schema: {
          tags,
          summary: 'Import a course package as a new draft of this unit; 400 with every problem and its place when it cannot be imported',
          description: 'Authors of the unit or of a unit above it. The body is the zip itself; the course becomes a new draft of this unit (nothing is published) and the answer names it. 400 with every problem and its place (file, line) when the package cannot be imported. Audited.',
          params: UnitCodeParams,
          response: { 201: ImportedCourse, ...errorResponses },
        },
      },
      async (request, reply) => {
        const viewer = viewerOf(request);
        // A request without a body is an empty, hence refused, package.
        const course = await importUploadedPackage(deps, (request.body as Readable | undefined) ?? Readable.from([]), {
          unitId: authorizedUnitOf(request).id,
          slug: slugFor('goi'),
          by: viewer.userId,
          ip: request.ip,
          now: deps.clock.now(),
        });
        return reply.status(201).send(course);
      },
    );
  });
}
