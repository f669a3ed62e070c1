import { describe, expect, it } from 'vitest';
import { lessonPlainText, renderLessonHtml } from './markdown.js';

describe('lesson rendering', () => {
  it('renders headings, lists, emphasis and links, with the lesson heading level below the page title', () => {
    const html = renderLessonHtml('# Mở đầu\n\n## Các bước\n\n1. Mở **Cài đặt**\n2. Chọn *Màn hình*\n\n- một\n- hai\n\n[Cổng Dịch vụ công](https://dichvucong.gov.vn)');
    expect(html).toContain('<h2>Mở đầu</h2>');
    expect(html).toContain('<ol>\n<li>Mở <strong>Cài đặt</strong></li>');
    expect(html).toContain('<em>Màn hình</em>');
    expect(html).toContain('<a href="https://dichvucong.gov.vn" target="_blank" rel="noopener noreferrer">Cổng Dịch vụ công</a>');
    expect(html).not.toContain('<h1');
  });

  it('makes images lazy, keeps their alt text, and turns video, audio and YouTube addresses into players', () => {
    expect(renderLessonHtml('![Màn hình chính](/media/home.png)')).toBe('<p><img src="/media/home.png" alt="Màn hình chính" loading="lazy" decoding="async" /></p>\n');
    expect(renderLessonHtml('![Hướng dẫn](https://example.org/v/huong-dan.mp4)')).toContain('<video src="https://example.org/v/huong-dan.mp4" controls preload="none" aria-label="Hướng dẫn"></video>');
    expect(renderLessonHtml('![Bài nghe](/media/bai.mp3)')).toContain('<audio src="/media/bai.mp3" controls preload="none" aria-label="Bài nghe"></audio>');
    const youTube = renderLessonHtml('![Cài VNeID](https://www.youtube.com/watch?v=dQw4w9WgXcQ)');
    expect(youTube).toContain('<iframe src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ" title="Cài VNeID" loading="lazy"');
  });

  /** The tags the browser will actually build; escaped text that merely mentions them is harmless. */
  const tagsIn = (html: string) => html.match(/<[a-z][^>]*>/gi) ?? [];

  it.each([
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>',
    '[bấm vào đây](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](java\nscript:alert(1))',
    '![x](javascript:alert(1))',
    '![x](data:image/svg+xml;base64,PHN2Zz4=)',
    '<iframe src="https://evil.example"></iframe>',
    '![x](https://evil.example/embed.html "title")',
    '<a href="https://x" onclick="steal()">x</a>',
    '<style>body{display:none}</style>',
    '<svg><script>alert(1)</script></svg>',
  ])('builds no script, handler, style or dangerous address from %s', (source) => {
    for (const tag of tagsIn(renderLessonHtml(source))) {
      expect(tag).not.toMatch(/^<(script|style|svg|object|embed|form)/i);
      expect(tag).not.toMatch(/\son\w+=/i);
      expect(tag).not.toMatch(/(href|src)="\s*(javascript|data|vbscript):/i);
      if (tag.startsWith('<iframe')) expect(tag).toContain('src="https://www.youtube-nocookie.com/embed/');
    }
  });

  it('shows raw HTML as text instead of interpreting it', () => {
    expect(renderLessonHtml('<b>đậm</b>')).toBe('<p>&lt;b&gt;đậm&lt;/b&gt;</p>\n');
  });

  it('extracts the plain words for search', () => {
    expect(lessonPlainText('## Mã **OTP**\n\nKhông đưa mã cho *ai*.')).toBe('Mã OTP Không đưa mã cho ai.');
  });
});
