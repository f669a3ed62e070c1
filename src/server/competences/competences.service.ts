/**
 * The learners' digital competence framework of Circular 02/2025/TT-BGDĐT (reference/competences.json):
 * read once, on first use, and shared by every feature that tags or checks competences.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface CompetenceFramework {
  framework: string;
  domains: { code: string; name_vi: string; name_en: string; competences: { code: string; name_vi: string; name_en: string }[] }[];
}

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../reference/competences.json');
let framework: CompetenceFramework | undefined;
let codes: ReadonlySet<string> | undefined;

export function competenceFramework(): CompetenceFramework {
  return (framework ??= JSON.parse(readFileSync(file, 'utf8')) as CompetenceFramework);
}

export function isCompetenceCode(code: string): boolean {
  codes ??= new Set(competenceFramework().domains.flatMap((d) => d.competences.map((c) => c.code)));
  return codes.has(code);
}

/** The Vietnamese name of each competence, by code. */
let namesVi: ReadonlyMap<string, string> | undefined;

export function competenceNamesVi(): ReadonlyMap<string, string> {
  return (namesVi ??= new Map(competenceFramework().domains.flatMap((d) => d.competences.map((c) => [c.code, c.name_vi] as const))));
}
