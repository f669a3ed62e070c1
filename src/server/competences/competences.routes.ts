import type { App } from '../http/app-type.js';
import { allow } from '../http/policies.js';
import { Framework } from './competences.schema.js';
import { competenceFramework } from './competences.service.js';

export async function competencesRoutes(app: App): Promise<void> {
  const { framework, domains } = competenceFramework();
  const body = {
    framework,
    domains: domains.map((d) => ({
      code: d.code,
      nameVi: d.name_vi,
      nameEn: d.name_en,
      competences: d.competences.map((c) => ({ code: c.code, nameVi: c.name_vi, nameEn: c.name_en })),
    })),
  };
  app.get(
    '/api/competences',
    {
      config: { policy: allow.anyone },
      schema: {
        tags: ['learning'],
        summary: 'The digital competence framework courses are tagged with',
        description: 'Public and cacheable for a day. The domains and competences of Circular 02/2025/TT-BGDĐT, named in Vietnamese and English; courses name competences by code (e.g. 4.2).',
        response: { 200: Framework },
      },
    },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=86400').send(body),
  );
}
