/** The URL WeCom checks the signature against: the live location, cut at `#` (platform-facts §3). */
export const pageUrl = (): string => location.href.split('#')[0] ?? location.href;

/** The URL this page was entered with (WeCom on iOS checks signatures against it). */
export const landingUrl: string = pageUrl();
