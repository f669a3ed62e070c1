/**
 * Lesson Markdown → the HTML learners get, rendered once at publication.
 * Raw HTML in Markdown is off, and the result still passes an allow-list
 * sanitizer: whatever an author (or an imported package) writes, no script,
 * event handler or javascript: URL reaches a learner's phone.
 *
 * Beyond CommonMark: an image whose address is a video or audio file becomes a
 * player; a YouTube address becomes a privacy-enhanced embed; images load lazily.
 * `media/<name>` addresses a file of the course's own media: images become
 * phone-sized WebP with a srcset, audio and video players, PDF a download link;
 * a link to one leads to the file.
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';
import type { MessageKey, MessageParams } from '../../shared/i18n/translate.js';
import { youTubeEmbedHost } from '../../shared/embeds.js';
import type { MediaReference, MediaResolver } from '../media/media.schema.js';
import type { LessonTranslations } from './course-document.js';
import { mediaUrl, originalFile } from '../media/media.service.js';

const mediaPrefix = 'media/';

type RenderEnv = Record<PropertyKey, unknown> & { media?: MediaResolver };

const videoFile = /\.(mp4|webm)(\?.*)?$/i;
const audioFile = /\.(mp3|m4a|ogg|oga)(\?.*)?$/i;
const youTubeId = /^https?:\/\/(?:www\.|m\.)?(?:youtube\.com\/(?:watch\?(?:.*&)?v=|embed\/|shorts\/)|youtu\.be\/)([\w-]{11})/i;

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

// The page's own <h1> is the lesson title: headings inside start at <h2>.
markdown.core.ruler.push('demote_h1', (state) => {
  for (const token of state.tokens) {
    if ((token.type === 'heading_open' || token.type === 'heading_close') && token.tag === 'h1') token.tag = 'h2';
  }
});

const escape = (text: string) => markdown.utils.escapeHtml(text);

/**
 * The file a media/<name> address names. Percent-encoding that does not decode (media/%E0%A4%A) is
 * kept as written: no file has that name, so it is a missing file, never an exception.
 */
function mediaName(address: string): string {
  const encoded = address.slice(mediaPrefix.length);
  try {
    return decodeURIComponent(encoded);
  } catch {
    // markdown-it wrote the author's stray % as %25.
    return encoded.replace(/%25/g, '%');
  }
}

function renderMedia(name: string, alt: string, media: MediaReference | undefined): string {
  if (!media) return `<em>[${escape(alt || name)}]</em>`;
  if (media.kind === 'image') {
    const srcset = [480, 960, 1600].map((w) => `${mediaUrl(media, `w${w}.webp`)} ${w}w`).join(', ');
    const size = media.width && media.height ? ` width="${Math.min(media.width, 1600)}" height="${Math.round((media.height * Math.min(media.width, 1600)) / media.width)}"` : '';
    // data-bytes: what the smallest variant costs, shown to a phone saving data before it loads the picture.
    const bytes = media.phoneBytes ? ` data-bytes="${media.phoneBytes}"` : '';
    return `<img src="${mediaUrl(media, 'w960.webp')}" srcset="${srcset}" sizes="(max-width: 44rem) 100vw, 44rem" alt="${escape(alt)}"${size}${bytes} loading="lazy" decoding="async">`;
  }
  const src = mediaUrl(media, originalFile(media));
  if (media.kind === 'video') return `<video src="${src}" controls preload="none" aria-label="${escape(alt)}"></video>`;
  if (media.kind === 'audio') return `<audio src="${src}" controls preload="none" aria-label="${escape(alt)}"></audio>`;
  return `<a href="${src}" download="${escape(name)}">${escape(alt || name)}</a>`;
}

markdown.renderer.rules.image = (tokens, index, _options, env: RenderEnv | undefined, self) => {
  const token = tokens[index]!;
  const src = String(token.attrGet('src') ?? '');
  const alt = self.renderInlineAsText(token.children ?? [], _options, env ?? {});
  if (src.startsWith(mediaPrefix)) {
    const name = mediaName(src);
    return renderMedia(name, alt, env?.media?.(name));
  }
  const youTube = youTubeId.exec(src);
  if (youTube) {
    return `<iframe src="https://${youTubeEmbedHost}/embed/${youTube[1]}" title="${escape(alt)}" loading="lazy" allow="encrypted-media; picture-in-picture" allowfullscreen referrerpolicy="strict-origin-when-cross-origin"></iframe>`;
  }
  if (videoFile.test(src)) return `<video src="${escape(src)}" controls preload="none" aria-label="${escape(alt)}"></video>`;
  if (audioFile.test(src)) return `<audio src="${escape(src)}" controls preload="none" aria-label="${escape(alt)}"></audio>`;
  return `<img src="${escape(src)}" alt="${escape(alt)}" loading="lazy" decoding="async">`;
};

// A link to a course file leads to it (pictures in their largest phone size); to a missing one, it is plain text.
markdown.renderer.rules.link_open = (tokens, index, options, env: RenderEnv | undefined, self) => {
  const token = tokens[index]!;
  const href = String(token.attrGet('href') ?? '');
  if (href.startsWith(mediaPrefix)) {
    const media = env?.media?.(mediaName(href));
    if (!media) {
      const close = tokens.slice(index + 1).find((t) => t.type === 'link_close');
      if (close) close.meta = { hidden: true };
      return '';
    }
    token.attrSet('href', mediaUrl(media, media.kind === 'image' ? 'w1600.webp' : originalFile(media)));
  }
  return self.renderToken(tokens, index, options);
};
markdown.renderer.rules.link_close = (tokens, index, options, _env, self) => ((tokens[index]!.meta as { hidden?: boolean } | null)?.hidden ? '' : self.renderToken(tokens, index, options));

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: ['h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'strong', 'em', 's', 'code', 'pre', 'blockquote', 'a', 'img', 'video', 'audio', 'iframe', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel', 'download'],
    img: ['src', 'srcset', 'sizes', 'width', 'height', 'alt', 'title', 'loading', 'decoding', 'data-bytes'],
    video: ['src', 'controls', 'preload', 'aria-label'],
    audio: ['src', 'controls', 'preload', 'aria-label'],
    iframe: ['src', 'title', 'loading', 'allow', 'allowfullscreen', 'referrerpolicy'],
    ol: ['start'],
  },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesByTag: { img: ['http', 'https'], video: ['http', 'https'], audio: ['http', 'https'] },
  allowProtocolRelative: false,
  allowedIframeHostnames: [youTubeEmbedHost],
  transformTags: {
    a: (tagName, attribs) => {
      const external = /^https?:\/\//i.test(attribs.href ?? '');
      return { tagName, attribs: external ? { ...attribs, target: '_blank', rel: 'noopener noreferrer' } : attribs };
    },
  },
};

export function renderLessonHtml(source: string, media?: MediaResolver): string {
  return sanitizeHtml(markdown.render(source.normalize('NFC'), { media } satisfies RenderEnv), sanitizeOptions);
}

/** A lesson's other language versions as learners get them: `{"km": {"title", "html"}}`. */
export function renderTranslations(translations: LessonTranslations, media?: MediaResolver): Record<string, { title: string; html: string }> {
  return Object.fromEntries(Object.entries(translations).map(([language, t]) => [language, { title: t.title, html: renderLessonHtml(t.body, media) }]));
}

export interface LessonProblem {
  /** 1-based line of the Markdown. */
  line: number;
  key: MessageKey;
  params?: MessageParams;
}

/** What must be fixed before a lesson can be published: pictures without alt text, media (pictured or linked) the course does not have. */
export function lessonProblems(source: string, media: MediaResolver): LessonProblem[] {
  const problems: LessonProblem[] = [];
  for (const block of markdown.parse(source.normalize('NFC'), {})) {
    for (const token of block.children ?? []) {
      const line = (block.map?.[0] ?? 0) + 1;
      if (token.type === 'link_open') {
        const href = String(token.attrGet('href') ?? '');
        const name = href.startsWith(mediaPrefix) ? mediaName(href) : null;
        if (name !== null && !media(name)) problems.push({ line, key: 'error.media_missing', params: { name } });
      }
      if (token.type !== 'image') continue;
      const src = String(token.attrGet('src') ?? '');
      const name = src.startsWith(mediaPrefix) ? mediaName(src) : null;
      const found = name === null ? undefined : media(name);
      if (name !== null && !found) problems.push({ line, key: 'error.media_missing', params: { name } });
      // A missing file is judged by its name: media/anh.png will be a picture once uploaded.
      const isPicture = name === null ? !videoFile.test(src) && !audioFile.test(src) && !youTubeId.test(src) : found ? found.kind === 'image' : /\.(jpe?g|png|webp)$/i.test(name);
      if (isPicture && token.content.trim() === '') problems.push({ line, key: 'error.media_alt_required' });
    }
  }
  return problems;
}

/** The words of a lesson without markup, for search. */
export function lessonPlainText(source: string): string {
  return sanitizeHtml(markdown.render(source.normalize('NFC')), { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
}
