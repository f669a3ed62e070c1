import { describe, expect, it } from 'vitest';
import { lessonPlainText, lessonProblems, renderLessonHtml } from './markdown.js';

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

describe('course media in lessons', () => {
  const picture = { sha256: 'a'.repeat(64), kind: 'image' as const, extension: 'jpg', width: 3000, height: 2000 };
  const song = { sha256: 'b'.repeat(64), kind: 'audio' as const, extension: 'mp3', width: null, height: null };
  const leaflet = { sha256: 'c'.repeat(64), kind: 'pdf' as const, extension: 'pdf', width: null, height: null };
  const media = (name: string) => ({ 'man-hinh.jpg': picture, 'bai-hat.mp3': song, 'to-roi.pdf': leaflet })[name];

  it('serves pictures as phone-sized WebP with a srcset, never the original', () => {
    const html = renderLessonHtml('![Màn hình chính](media/man-hinh.jpg)', media);
    expect(html).toContain(`src="/media/${'a'.repeat(64)}/w960.webp"`);
    expect(html).toContain(`/media/${'a'.repeat(64)}/w480.webp 480w`);
    expect(html).toContain('width="1600" height="1067"');
    expect(html).toContain('alt="Màn hình chính"');
    expect(html).not.toContain('original.jpg');
  });

  it('plays audio, offers PDFs for download, and marks a missing file visibly', () => {
    expect(renderLessonHtml('![Bài hát](media/bai-hat.mp3)', media)).toContain(`<audio src="/media/${'b'.repeat(64)}/original.mp3" controls`);
    expect(renderLessonHtml('![Tờ rơi](media/to-roi.pdf)', media)).toContain(`<a href="/media/${'c'.repeat(64)}/original.pdf" download="to-roi.pdf">Tờ rơi</a>`);
    expect(renderLessonHtml('![Ảnh](media/khong-co.png)', media)).toContain('<em>[Ảnh]</em>');
  });

  it('finds, with their lines, pictures without alt text and files the course does not have', () => {
    const problems = lessonProblems('## Bài\n\n![](media/man-hinh.jpg)\n\nChữ.\n\n![Ảnh](media/khong-co.png)\n\n![](https://example.org/a.png)\n\n![](media/bai-hat.mp3)', media);
    expect(problems).toEqual([
      { line: 3, key: 'error.media_alt_required' },
      { line: 7, key: 'error.media_missing', params: { name: 'khong-co.png' } },
      { line: 9, key: 'error.media_alt_required' },
    ]);
  });

  it('links to the course’s files, and shows a link to a missing one as its text', () => {
    expect(renderLessonHtml('[Tờ rơi](media/to-roi.pdf)', media)).toBe(`<p><a href="/media/${'c'.repeat(64)}/original.pdf">Tờ rơi</a></p>\n`);
    expect(renderLessonHtml('[Ảnh lớn](media/man-hinh.jpg)', media)).toBe(`<p><a href="/media/${'a'.repeat(64)}/w1600.webp">Ảnh lớn</a></p>\n`);
    expect(renderLessonHtml('Xem [tờ rơi](media/khong-co.pdf) và [trang này](https://dichvucong.gov.vn).', media)).toBe(
      '<p>Xem tờ rơi và <a href="https://dichvucong.gov.vn" target="_blank" rel="noopener noreferrer">trang này</a>.</p>\n',
    );
    expect(lessonProblems('[Tờ rơi](media/to-roi.pdf)\n\n[Thiếu](media/khong-co.pdf)', media)).toEqual([{ line: 3, key: 'error.media_missing', params: { name: 'khong-co.pdf' } }]);
  });

  it('takes an address whose percent-encoding is broken for a missing file, never an exception', () => {
    const source = 'Chữ.\n\n![Ảnh](media/%E0%A4%A)\n\n[Tệp](media/%) [lạ](%E0%A4%A) ![x](%)';
    expect(renderLessonHtml(source, media)).toBe('<p>Chữ.</p>\n<p><em>[Ảnh]</em></p>\n<p>Tệp <a href="%E0%A4%25A">lạ</a> <img src="%25" alt="x" loading="lazy" decoding="async" /></p>\n');
    expect(lessonProblems(source, media)).toEqual([
      { line: 3, key: 'error.media_missing', params: { name: '%E0%A4%A' } },
      { line: 5, key: 'error.media_missing', params: { name: '%' } },
    ]);
    expect(lessonPlainText(source)).toBe('Chữ. [Ảnh] Tệp lạ');
  });
});
