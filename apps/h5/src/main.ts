import { preloadedSigner, takePreload } from './api/preload';
import { isSdkResult } from './wecom/errors';
import { showLoadFailure } from './shell/load-failure';
import { pageUrl } from './wecom/page-url';

// ww.register starts agentConfig itself and never handles that promise; its failure reaches the page
// through onAgentConfigFail, so it must not also surface as an unhandled rejection.
window.addEventListener('unhandledrejection', (event) => {
  if (isSdkResult(event.reason)) event.preventDefault();
});

// The entry only starts work, and is small so that it arrives early: the API (with axios), the
// WeCom connection and the app (Vue) are chunks of their own, all preloaded by index.html. With the
// signatures in the HTML (api/preload.ts) the WeCom connection starts as soon as its chunk is in,
// without waiting for the API's; the first screen's requests go out once the API's chunk is in.
const url = pageUrl();
const preload = takePreload(document);
const api = import('./api/early').then(({ startApi }) => startApi(preload, window.location, url));
const wecom = import('./wecom/connect-early').then(({ connectEarly }) =>
  connectEarly(preloadedSigner(preload, url, api)),
);
// A chunk that fails to load must not leave a blank page.
void Promise.all([import('./boot'), wecom, api]).then(
  ([{ boot }, link, ready]) => boot({ api: ready, ...link }),
  () => showLoadFailure(),
);
