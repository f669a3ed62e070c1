/**
 * Security headers, computed once at start and set on every answer.
 * The Content-Security-Policy allows no inline script; lesson videos may come
 * from YouTube's privacy-enhanced domain, images and media from any HTTPS host.
 * Only the platform frames its answers, except the PWA's pages when
 * EMBED_ALLOWED_ORIGINS lists the super-app's origins (`framablePageHeaders`).
 */
import { youTubeEmbedHost } from '../../shared/embeds.js';

function contentSecurityPolicy(frameAncestors: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' https: data: blob:",
    "media-src 'self' https: blob:",
    "connect-src 'self'",
    "font-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${["'self'", ...frameAncestors].join(' ')}`,
    `frame-src https://${youTubeEmbedHost}`,
    "worker-src 'self'",
    "manifest-src 'self'",
    "script-src-attr 'none'",
  ].join('; ');
}

export function securityHeaders(options: { https: boolean }): Readonly<Record<string, string>> {
  return {
    'content-security-policy': contentSecurityPolicy([]),
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'origin-agent-cluster': '?1',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'x-dns-prefetch-control': 'off',
    'x-frame-options': 'SAMEORIGIN',
    'x-permitted-cross-domain-policies': 'none',
    // HSTS only where the platform is known to be served over HTTPS (PUBLIC_URL); on 127.0.0.1 it would only do harm.
    ...(options.https ? { 'strict-transport-security': 'max-age=31536000; includeSubDomains' } : {}),
  };
}

/**
 * What an HTML page of the PWA sends instead, when origins may frame it: frame-ancestors lists them, and
 * X-Frame-Options goes (it can name no other origin, and browsers that know CSP ignore it anyway). Null when
 * nothing but the platform may frame it. API answers and files never get this.
 */
export function framablePageHeaders(embedAllowedOrigins: readonly string[]): { contentSecurityPolicy: string } | null {
  return embedAllowedOrigins.length > 0 ? { contentSecurityPolicy: contentSecurityPolicy(embedAllowedOrigins) } : null;
}
