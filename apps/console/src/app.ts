import { createApp, ref, type App } from 'vue';
import type { RouterHistory } from 'vue-router';
import type { ConsoleMe } from '@kequn/contracts';
import type { ConsoleApi } from './api/client';
import AppRoot from './App.vue';
import { DEPS, type ConsoleDeps } from './deps';
import { createConsoleRouter } from './router';

export function createConsoleApp(options: { api: ConsoleApi; history: RouterHistory; navigate(url: string): void }): {
  app: App;
  router: ReturnType<typeof createConsoleRouter>;
  deps: ConsoleDeps;
} {
  const router = createConsoleRouter(options.history);
  const deps: ConsoleDeps = { api: options.api, navigate: options.navigate, me: ref<ConsoleMe | null>(null) };
  const app = createApp(AppRoot);
  app.use(router);
  app.provide(DEPS, deps);
  return { app, router, deps };
}
