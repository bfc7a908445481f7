import { createPinia } from 'pinia';
import { createApp, type App } from 'vue';
import type { RouterHistory } from 'vue-router';
import AppRoot from './App.vue';
import { DEPS, type AppDeps } from './composables/deps';
import { createAppRouter } from './router';
import { showLoadFailure } from './shell/load-failure';

/** The whole app around its outside world; main.ts passes the browser's, tests pass fakes. */
export function createKequnApp(deps: AppDeps, history?: RouterHistory): App {
  const app = createApp(AppRoot);
  app.provide(DEPS, deps);
  app.use(createPinia());
  const router = createAppRouter(history);
  // A lazily loaded page (toolbar entry, not found) whose chunk fails must not leave a blank page.
  router.onError(() => showLoadFailure());
  app.use(router);
  return app;
}
