/**
 * Lesson Markdown → the HTML learners get, rendered once at publication.
 * Raw HTML in Markdown is off, and the result still passes an allow-list
 * sanitizer: whatever an author (or an imported package) writes, no script,
 * event handler or javascript: URL reaches a learner's phone.
 *
 * Beyond CommonMark: an image whose address is a video or audio file becomes a
 * player; a YouTube address becomes a privacy-enhanced embed; images load lazily.
 */
import MarkdownIt from 'markdown-it';
import sanitizeHtml from 'sanitize-html';

const videoFile = /\.(mp4|webm)(\?.*)?$/i;
const audioFile = /\.(mp3|m4a|ogg|oga)(\?.*)?$/i;
const youTubeId = /^https?:\/\/(?:www\.|m\.)?(?:youtube\.com\/(?:watch\?(?:.*&)?v=|embed\/|shorts\/)|youtu\.be\/)([\w-]{11})/i;
export const youTubeEmbedHost = 'www.youtube-nocookie.com';

const markdown = new MarkdownIt({ html: false, linkify: true, typographer: false, breaks: false });

// The page's own <h1> is the lesson title: headings inside start at <h2>.
markdown.core.ruler.push('demote_h1', (state) => {
  for (const token of state.tokens) {
    if ((token.type === 'heading_open' || token.type === 'heading_close') && token.tag === 'h1') token.tag = 'h2';
  }
});

const escape = (text: string) => markdown.utils.escapeHtml(text);

markdown.renderer.rules.image = (tokens, index, _options, _env, self) => {
  const token = tokens[index]!;
  const src = String(token.attrGet('src') ?? '');
  const alt = self.renderInlineAsText(token.children ?? [], _options, _env);
  const youTube = youTubeId.exec(src);
  if (youTube) {
    return `<iframe src="https://${youTubeEmbedHost}/embed/${youTube[1]}" title="${escape(alt)}" loading="lazy" allow="encrypted-media; picture-in-picture" allowfullscreen referrerpolicy="strict-origin-when-cross-origin"></iframe>`;
  }
  if (videoFile.test(src)) return `<video src="${escape(src)}" controls preload="none" aria-label="${escape(alt)}"></video>`;
  if (audioFile.test(src)) return `<audio src="${escape(src)}" controls preload="none" aria-label="${escape(alt)}"></audio>`;
  return `<img src="${escape(src)}" alt="${escape(alt)}" loading="lazy" decoding="async">`;
};

const sanitizeOptions: sanitizeHtml.IOptions = {
  allowedTags: ['h2', 'h3', 'h4', 'h5', 'h6', 'p', 'br', 'hr', 'ul', 'ol', 'li', 'strong', 'em', 's', 'code', 'pre', 'blockquote', 'a', 'img', 'video', 'audio', 'iframe', 'table', 'thead', 'tbody', 'tr', 'th', 'td'],
  allowedAttributes: {
    a: ['href', 'title', 'target', 'rel'],
    img: ['src', 'alt', 'title', 'loading', 'decoding'],
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

export function renderLessonHtml(source: string): string {
  return sanitizeHtml(markdown.render(source.normalize('NFC')), sanitizeOptions);
}

/** The words of a lesson without markup, for search. */
export function lessonPlainText(source: string): string {
  return sanitizeHtml(markdown.render(source.normalize('NFC')), { allowedTags: [], allowedAttributes: {} }).replace(/\s+/g, ' ').trim();
}
