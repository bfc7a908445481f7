import { createPinia } from 'pinia';
import { createApp, type App } from 'vue';
import type { RouterHistory } from 'vue-router';
import AppRoot from './App.vue';
import { DEPS, type AppDeps } from './composables/deps';
import { createAppRouter } from './router';

/** The whole app around its outside world; main.ts passes the browser's, tests pass fakes. */
export function createKequnApp(deps: AppDeps, history?: RouterHistory): App {
  const app = createApp(AppRoot);
  app.provide(DEPS, deps);
  app.use(createPinia());
  app.use(createAppRouter(history));
  return app;
}
