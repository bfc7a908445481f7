/** The URL WeCom checks the signature against: the live location, cut at `#` (platform-facts §3). */
export const pageUrl = (): string => location.href.split('#')[0] ?? location.href;
