import helmet from 'helmet';

/**
 * What the H5 page needs: its own scripts (the JS-SDK is bundled), inline styles (Vant sets
 * style attributes), images from itself, data:/blob: (QR codes) and WeCom's avatar hosts,
 * XHR to itself. Nothing may frame it but ourselves (the demo phone frame).
 */
export function securityHeaders(opts: { https: boolean }) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:', 'https://*.qpic.cn', 'https://*.qlogo.cn'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'self'"],
        ...(opts.https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    // Avatars come from WeCom's CDN, which sends no CORP header.
    crossOriginEmbedderPolicy: false,
    // Sent per request, on https answers only (see http/https.ts).
    strictTransportSecurity: false,
  });
}

/**
 * The headers securityHeaders() sets, as a plain object: for a response written without Express.
 * helmet computes them once at construction, so recording one run gives every run's headers.
 */
export function securityHeaderValues(opts: { https: boolean }): Record<string, string> {
  const headers: Record<string, string> = {};
  const recorder = {
    setHeader: (name: string, value: string | number) => void (headers[name] = String(value)),
    removeHeader: (name: string) => void delete headers[name],
  };
  securityHeaders(opts)({} as never, recorder as never, () => {});
  return headers;
}
