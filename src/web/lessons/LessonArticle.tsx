import type { Static } from 'typebox';
import { useMemo, useRef } from 'preact/hooks';
import type { LessonView } from '../../server/lessons/lessons.schema.js';
import { t } from '../i18n/i18n.js';
import { dataSaver } from '../settings.js';
import { ReadAloud } from './ReadAloud.js';

export type Lesson = Static<typeof LessonView>;

/**
 * With "Tiết kiệm dữ liệu" on, every picture and embedded video of the lesson becomes a button saying what it
 * shows and what it costs; nothing is fetched until it is tapped. The HTML is reworked in a DOMParser document,
 * which loads nothing, before the page gets it. A tapped picture loads its smallest phone variant only.
 */
function picturesOnTap(html: string): { html: string; originals: string[] } {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const originals: string[] = [];
  for (const element of doc.body.querySelectorAll('img, iframe')) {
    if (element instanceof HTMLImageElement) {
      const smallest = element.getAttribute('srcset')?.split(',')[0]?.trim().split(/\s+/)[0];
      if (smallest) element.setAttribute('src', smallest);
      element.removeAttribute('srcset');
      element.removeAttribute('sizes');
      element.removeAttribute('loading');
    }
    const bytes = Number(element.getAttribute('data-bytes'));
    const what = element.getAttribute('alt') || element.getAttribute('title') || '';
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'picture-on-tap';
    button.dataset.original = String(originals.length);
    button.textContent = bytes > 0 ? t('lesson.pictureOnTapSize', { what, kilobytes: Math.max(1, Math.round(bytes / 1024)) }) : t('lesson.pictureOnTap', { what });
    originals.push(element.outerHTML);
    element.replaceWith(button);
  }
  for (const player of doc.body.querySelectorAll('video, audio')) player.setAttribute('preload', 'none');
  return { html: doc.body.innerHTML, originals };
}

/** A lesson as learners read it: used by the reader and by authors' previews, so both look the same. */
export function LessonArticle({ lesson, courseHref }: { lesson: Lesson; courseHref: string }) {
  const article = useRef<HTMLElement>(null);
  const saving = dataSaver.value;
  const body = useMemo(() => (saving ? picturesOnTap(lesson.html) : { html: lesson.html, originals: [] }), [lesson.html, saving]);
  const showPicture = (event: MouseEvent) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button.picture-on-tap');
    const original = button ? body.originals[Number(button.dataset.original)] : undefined;
    if (!button || original === undefined) return;
    const template = document.createElement('template');
    template.innerHTML = original;
    button.replaceWith(template.content);
  };
  return (
    <>
      <nav class="breadcrumb" aria-label={lesson.course.title}>
        <a href={courseHref}>{lesson.course.title}</a>
        <span aria-hidden="true"> › </span>
        <span>{lesson.module.title}</span>
      </nav>
      <article ref={article} class="lesson">
        <p class="muted">
          {t('lesson.position', { position: lesson.position, count: lesson.lessonCount })} · {t('lesson.minutes', { minutes: lesson.estimatedMinutes })}
        </p>
        <h1>{lesson.title}</h1>
        <ReadAloud target={() => article.current} />
        {/* Rendered and sanitized on the server; the buttons above are made from that same HTML. */}
        {/* biome-ignore lint: the click reaches the picture buttons inside the rendered HTML. */}
        <div key={saving ? 'saving' : 'full'} class="lesson__body" onClick={showPicture} dangerouslySetInnerHTML={{ __html: body.html }} />
      </article>
    </>
  );
}
