/**
 * Why WeCom may have refused a signature (`invalid signature`), most specific first, from the
 * URL we signed, the page's URL and the URL the page was entered with. The usual causes
 * (platform-facts §3, lessons-from-peers): hash not cut, scheme/port/host changed by a proxy or
 * CDN, a trailing slash, different percent-encoding, an HTML-escaped `&amp;`, and iOS checking the
 * landing URL after the page changed its address.
 */
export interface SignatureUrls {
  signedUrl: string | null;
  /** location.href, possibly with a hash. */
  currentUrl: string;
  landingUrl: string;
}

const cut = (url: string) => url.split('#')[0] ?? url;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function safeDecode(url: string): string {
  try {
    return decodeURI(url);
  } catch {
    return url;
  }
}

/** What differs between two URLs that should be the same page, in words an admin can act on. */
function differences(signedUrl: string, pageUrl: string): string[] {
  const signed = parse(signedUrl);
  const page = parse(pageUrl);
  if (!signed || !page) return ['签名地址不是完整的网址：签名必须使用页面的完整地址（含协议与参数）。'];
  if (signed.protocol !== page.protocol) {
    return [
      `协议不同（签名 ${signed.protocol.slice(0, -1)}，页面 ${page.protocol.slice(0, -1)}）：常见于代理终止 HTTPS。请让 PUBLIC_URL 与页面实际协议一致。`,
    ];
  }
  if (signed.hostname !== page.hostname) {
    return [
      `域名不同（签名 ${signed.hostname}，页面 ${page.hostname}）：CDN 或代理改写了地址，请用页面实际访问的域名签名。`,
    ];
  }
  if (signed.port !== page.port) {
    return [
      `端口不同（签名 ${signed.port || '默认'}，页面 ${page.port || '默认'}）：代理前后端口不一致，请让 PUBLIC_URL 与页面地址一致。`,
    ];
  }
  if (signed.pathname.replace(/\/$/, '') === page.pathname.replace(/\/$/, '') && signed.pathname !== page.pathname) {
    return ['路径只差末尾的「/」：请从订单二维码或链接原样打开页面，不要增删末尾斜杠。'];
  }
  if (safeDecode(signedUrl) === safeDecode(pageUrl)) {
    return ['同一地址的编码不同（%XX）：签名必须使用 location.href 原样，不要解码或重新编码。'];
  }
  return ['签名地址与当前地址不一致（路径或参数不同）：页面在签名后改变了地址。请从订单二维码重新打开。'];
}

export function diagnoseSignature({ signedUrl, currentUrl, landingUrl }: SignatureUrls): string[] {
  const page = cut(currentUrl);
  const findings: string[] = [];
  if (signedUrl === null) return ['页面还没有请求签名：请刷新页面重试。'];
  if (signedUrl.includes('#')) findings.push('签名地址含「#」及其后部分：签名必须使用「#」之前的地址。');
  else if (signedUrl !== page) findings.push(...differences(signedUrl, page));
  if (page.includes('&amp;')) {
    findings.push('页面地址含「&amp;」：生成链接或二维码时地址被 HTML 转义了，请检查生成它的地方。');
  }
  if (cut(landingUrl) !== page) {
    findings.push(
      `iOS 版企业微信按进入页面时的地址校验签名，而本页地址已改变（入口地址：${cut(landingUrl)}）。请从订单二维码重新进入。`,
    );
  }
  if (findings.length === 0) {
    findings.push(
      '签名地址与当前地址一致：请管理员检查 WECOM_CORP_ID、WECOM_AGENT_ID 与 WECOM_SECRET 属于同一个应用，且页面域名是该应用的可信域名。',
    );
  }
  return findings;
}
