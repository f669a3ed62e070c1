import { describe, expect, it } from 'vitest';
import { withPageMeta } from './pwa.service.js';

const shell = '<html><head><title>Học tập suốt đời</title><meta name="description" content="x" /></head><body></body></html>';

describe('withPageMeta', () => {
  it('writes the title, description and Open Graph tags, escaped, with an absolute image', () => {
    const html = withPageMeta(shell, { title: 'Lễ phát động "Bình dân học vụ số"', description: 'Sáng 19/5 <b>', image: '/api/media/abc' }, 'https://h.vn/events/le', 'https://h.vn');
    expect(html).toContain('<title>Lễ phát động &#34;Bình dân học vụ số&#34;</title>');
    expect(html).toContain('<meta name="description" content="Sáng 19/5 &#60;b&#62;" />');
    expect(html).toContain('<meta property="og:image" content="https://h.vn/api/media/abc" />');
    expect(html).toContain('<meta property="og:url" content="https://h.vn/events/le" />');
    expect(html.indexOf('og:title')).toBeLessThan(html.indexOf('</head>'));
  });
});
