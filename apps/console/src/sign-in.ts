/**
 * Where a manager signs in: inside WeCom (its in-app browser says `wxwork`) the usual OAuth;
 * in a desktop browser WeCom web login (企业微信扫码登录). Both come back to `next`.
 */
export function signInUrl(next: string, userAgent: string): string {
  const start = /wxwork/i.test(userAgent) ? '/auth/wecom/start' : '/auth/wecom/web-start';
  return `${start}?next=${encodeURIComponent(next)}`;
}
