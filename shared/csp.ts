/**
 * Content-Security-Policy of the UI, sent as a header by the desktop shell and
 * the browser-mode host. Everything comes from the app itself. Mantine injects
 * style tags, hence 'unsafe-inline' for styles only; scripts are 'self' only.
 */
export const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
] as const;

export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');

/** The <meta> in renderer/index.html carries the same policy except frame-ancestors, which browsers ignore there. */
export const META_CSP = CSP_DIRECTIVES.filter((d) => !d.startsWith('frame-ancestors')).join('; ');
