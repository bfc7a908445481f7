import { createApi } from './api/client';
import { withEarlyLoads } from './api/early';
import { createHttp } from './api/http';
import { isSdkResult } from './wecom/errors';
import { showLoadFailure } from './shell/load-failure';
import { pageUrl } from './wecom/page-url';

// ww.register starts agentConfig itself and never handles that promise; its failure reaches the page
// through onAgentConfigFail, so it must not also surface as an unhandled rejection.
window.addEventListener('unhandledrejection', (event) => {
  if (isSdkResult(event.reason)) event.preventDefault();
});

// The entry only starts work: the first screen's requests right away, then the WeCom connection
// (its own small chunk) and the app (Vue) side by side. Both chunks are preloaded by index.html.
const api = withEarlyLoads(createApi(createHttp()), window.location, pageUrl());
const wecom = import('./wecom/connect-early').then(({ connectEarly }) => connectEarly(api));
// A chunk that fails to load must not leave a blank page.
void Promise.all([import('./boot'), wecom]).then(
  ([{ boot }, link]) => boot({ api, ...link }),
  () => showLoadFailure(),
);
