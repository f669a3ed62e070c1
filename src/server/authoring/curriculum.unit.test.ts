/** The curriculum shipped in content/ must load, publish and read well: officials will open it on day one. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isCompetenceCode } from '../competences/competences.service.js';
import { readCourseFolder } from './course-document.js';
import { lessonPlainText, renderLessonHtml } from './markdown.js';

const contentDir = path.join(import.meta.dirname, '..', '..', '..', 'content');
const courses = readdirSync(contentDir, { withFileTypes: true }).filter((e) => e.isDirectory() && existsSync(path.join(contentDir, e.name, 'course.json'))).map(({ name: slug }) => ({ slug, course: readCourseFolder(path.join(contentDir, slug)) }));

describe('the shipped curriculum', () => {
  it('has the digital skills course and the AI course', () => {
    const titles = courses.map((c) => c.course.title);
    expect(titles.some((t) => t.startsWith('Kỹ năng số cơ bản'))).toBe(true);
    expect(titles).toContain('Trí tuệ nhân tạo cho mọi người');
  });

  it.each(courses.map((c) => [c.slug, c.course] as const))('%s: at least 2 modules and 5 lessons, real text, known competences, minutes that add up', (_slug, course) => {
    const lessons = course.modules.flatMap((m) => m.lessons);
    expect(course.modules.length).toBeGreaterThanOrEqual(2);
    expect(lessons.length).toBeGreaterThanOrEqual(5);
    expect(lessons.reduce((sum, l) => sum + l.estimatedMinutes, 0)).toBe(course.estimatedMinutes);
    for (const code of [...course.competences, ...lessons.flatMap((l) => l.competences)]) expect(isCompetenceCode(code), code).toBe(true);
    for (const lesson of lessons) {
      const words = lessonPlainText(lesson.body).split(' ').length;
      expect.soft(words, lesson.title).toBeGreaterThan(250);
      expect.soft(lesson.body, lesson.title).toBe(lesson.body.normalize('NFC'));
      expect.soft(lesson.body, lesson.title).toMatch(/## Ghi nhớ/);
      expect.soft(renderLessonHtml(lesson.body), lesson.title).not.toMatch(/<script|<h1/);
    }
  });

  it('teaches using a smartphone safely in the digital skills course, with at least 6 lessons', () => {
    const skills = courses.find((c) => c.course.title.startsWith('Kỹ năng số'))!.course;
    expect(skills.modules.flatMap((m) => m.lessons).length).toBeGreaterThanOrEqual(6);
    expect(skills.title).toMatch(/điện thoại thông minh an toàn/);
  });

  it('gives the first module of the digital skills course a Khmer version with the same headings and steps', () => {
    const skills = courses.find((c) => c.course.title.startsWith('Kỹ năng số'))!.course;
    const count = (text: string, line: RegExp) => text.split('\n').filter((l) => line.test(l)).length;
    for (const lesson of skills.modules[0]!.lessons) {
      const khmer = lesson.translations?.km;
      expect(khmer, lesson.title).toBeDefined();
      expect(khmer!.title).toMatch(/^[\u1780-\u17ff]/);
      expect(khmer!.body).toBe(khmer!.body.normalize('NFC'));
      for (const line of [/^## /, /^- /, /^\d+\. /]) expect.soft(count(khmer!.body, line), `${lesson.title} ${line}`).toBe(count(lesson.body, line));
      // Khmer text, not Vietnamese left untranslated: Vietnamese appears only as the phone's own labels.
      const letters = lessonPlainText(khmer!.body).replace(/[^\p{L}]/gu, '');
      expect(letters.replace(/[^\u1780-\u17ff]/g, '').length / letters.length).toBeGreaterThan(0.8);
    }
  });
});
