/** Small helpers for JSAPI parameters and answers, shared by the bridge's handlers. */

/** Lists arrive as arrays, "a;b" strings (joinList in @wecom/jssdk) or JSON strings. */
export function toList(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(String).filter(Boolean);
  if (typeof v !== 'string' || !v) return [];
  if (v.startsWith('[')) {
    try {
      return toList(JSON.parse(v));
    } catch {
      /* fall through */
    }
  }
  return v.split(/[;,]/).filter(Boolean);
}

export function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** "openEnterpriseChat:fail unsupported chat" from a simulator errMsg in whatever form it comes. */
export function failMsg(api: string, errMsg: string | undefined): string {
  const m = errMsg?.trim() || 'fail';
  if (m.startsWith(`${api}:`)) return m;
  if (m.startsWith('fail')) return `${api}:${m}`;
  return `${api}:fail ${m}`;
}
