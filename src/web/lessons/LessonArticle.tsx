import type { Static } from 'typebox';
import { useMemo, useRef, useState } from 'preact/hooks';
import type { LessonView } from '../../server/lessons/lessons.schema.js';
import { readLessonIn } from '../../shared/i18n/own-language.js';
import { language, t } from '../i18n/i18n.js';
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
  const khmer = lesson.translations.km;
  // Khmer readers get the Khmer version first (also after switching the interface); anyone may choose either.
  const [chosen, setChosen] = useState<boolean | null>(null);
  const inKhmer = chosen ?? language.value === 'km';
  const shown = inKhmer && khmer ? { lang: 'km' as const, title: khmer.title, html: khmer.html } : { lang: 'vi' as const, title: lesson.title, html: lesson.html };
  const saving = dataSaver.value;
  const body = useMemo(() => (saving ? picturesOnTap(shown.html) : { html: shown.html, originals: [] }), [shown.html, saving]);
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
      <article ref={article} class="lesson" lang={shown.lang}>
        <p class="muted" lang={language.value}>
          {t('lesson.position', { position: lesson.position, count: lesson.lessonCount })} · {t('lesson.minutes', { minutes: lesson.estimatedMinutes })}
        </p>
        <h1>{shown.title}</h1>
        <div class="lesson__tools" lang={language.value}>
          <ReadAloud key={shown.lang} target={() => article.current} lang={shown.lang} />
          {khmer ? (
            shown.lang === 'km' ? (
              <ReadIn lang="vi" onClick={() => setChosen(false)} />
            ) : (
              <ReadIn lang="km" onClick={() => setChosen(true)} />
            )
          ) : null}
        </div>
        {/* Rendered and sanitized on the server; the picture buttons are made from that same HTML. */}
        {/* biome-ignore lint: the click reaches the picture buttons inside the rendered HTML. */}
        <div key={`${shown.lang}-${saving ? 'saving' : 'full'}`} class="lesson__body" onClick={showPicture} dangerouslySetInnerHTML={{ __html: body.html }} />
      </article>
    </>
  );
}

/**
 * "Read in Khmer" written in Khmer, so that a Khmer reader finds it whatever the interface language; its accessible
 * name adds the interface's words. Short, so that the lesson's first lines stay on a phone's first screen.
 */
function ReadIn({ lang, onClick }: { lang: keyof typeof readLessonIn; onClick: () => void }) {
  const native = readLessonIn[lang];
  const local = t(lang === 'km' ? 'lesson.readInKhmer' : 'lesson.readInVietnamese');
  return (
    <button type="button" class="button button--secondary button--small" lang={lang} aria-label={local === native ? native : `${native} · ${local}`} onClick={onClick}>
      {native}
    </button>
  );
}
