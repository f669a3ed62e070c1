import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Type from 'typebox';
import type { App } from '../app.js';
import { allow } from '../http/policies.js';

/** The learners' digital competence framework of Circular 02/2025/TT-BGDĐT (reference/competences.json). */
export interface CompetenceFramework {
  framework: string;
  domains: { code: string; name_vi: string; name_en: string; competences: { code: string; name_vi: string; name_en: string }[] }[];
}

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../reference/competences.json');
export const competenceFramework: CompetenceFramework = JSON.parse(readFileSync(file, 'utf8'));
export const competenceCodes: ReadonlySet<string> = new Set(competenceFramework.domains.flatMap((d) => d.competences.map((c) => c.code)));

const Named = { code: Type.String(), nameVi: Type.String(), nameEn: Type.String() };
const Framework = Type.Object({
  framework: Type.String(),
  domains: Type.Array(Type.Object({ ...Named, competences: Type.Array(Type.Object(Named)) })),
});

export function competencesRoutes(app: App): void {
  const body = {
    framework: competenceFramework.framework,
    domains: competenceFramework.domains.map((d) => ({
      code: d.code,
      nameVi: d.name_vi,
      nameEn: d.name_en,
      competences: d.competences.map((c) => ({ code: c.code, nameVi: c.name_vi, nameEn: c.name_en })),
    })),
  };
  app.get(
    '/api/competences',
    { config: { policy: allow.anyone }, schema: { tags: ['learning'], summary: 'The digital competence framework courses are tagged with', response: { 200: Framework } } },
    async (_request, reply) => reply.header('cache-control', 'public, max-age=86400').send(body),
  );
}
