/**
 * scanQRCode without a camera. A preset (`POST /__sim/scanner/preset`) answers at once, else the
 * 模拟扫一扫 overlay asks for the scanned text. `needResult: 1` → `{resultStr}`; `0` → the client
 * handles the result itself, as WeCom does: a web address opens in the page, other text is shown.
 */
import type { BridgeResult } from './core.js';
import { isRecord, str, toList } from './params.js';

export interface ScanSuggestion {
  label: string;
  resultStr: string;
}

export interface ScanOptions {
  scanType: string[];
  /** Texts to pick from instead of typing (e.g. the demo orders' page URLs), possibly none. */
  suggestions: ScanSuggestion[];
}

export interface ScanDeps {
  sim: <T>(path: string, body?: unknown) => Promise<T>;
  /** The overlay: resolves with the text, or null when the user cancels. */
  scan(options: ScanOptions): Promise<string | null>;
  toast(text: string): void;
  navigate(url: string): void;
  /** Whether @wecom/jssdk believes it runs on iOS (it then unwraps resultStr as JSON). */
  isIOS: boolean;
}

interface ScanAnswer {
  preset?: string | null;
  suggestions?: unknown;
}

const DEFAULT_SCAN_TYPE = ['qrCode', 'barCode'];

export async function scanQRCode(deps: ScanDeps, p: Record<string, unknown>): Promise<BridgeResult> {
  const answer = await deps.sim<ScanAnswer>('/__sim/client/scan-qrcode', {});
  let text = typeof answer.preset === 'string' ? answer.preset : null;
  if (text === null) {
    const scanType = toList(p.scanType);
    text = await deps.scan({
      scanType: scanType.length ? scanType : DEFAULT_SCAN_TYPE,
      suggestions: suggestionsOf(answer.suggestions),
    });
    if (text === null) return { err_msg: 'scanQRCode:cancel' };
  }
  if (wantsResult(p.needResult)) {
    // The iOS client wraps the text; the SDK unwraps data.scan_code.scan_result on iOS only.
    const resultStr = deps.isIOS ? JSON.stringify({ scan_code: { scan_result: text } }) : text;
    return { err_msg: 'scanQRCode:ok', resultStr };
  }
  const url = webAddress(text);
  if (url) deps.navigate(url);
  else deps.toast(`扫描结果：${text}`);
  return { err_msg: 'scanQRCode:ok' };
}

/** The SDK sends 1/0; old jweixin pages pass whatever they were given. */
function wantsResult(v: unknown): boolean {
  return v === 1 || v === true || v === '1' || v === 'true';
}

/** Only http(s) addresses are opened; anything else (javascript:, plain text) is just shown. */
export function webAddress(text: string): string | null {
  try {
    const u = new URL(text.trim());
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

function suggestionsOf(v: unknown): ScanSuggestion[] {
  if (!Array.isArray(v)) return [];
  return v
    .filter(isRecord)
    .map((s) => ({ resultStr: str(s.resultStr), label: str(s.label) || str(s.resultStr) }))
    .filter((s) => s.resultStr);
}
