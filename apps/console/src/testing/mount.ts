import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { vi } from 'vitest';
import { createMemoryHistory } from 'vue-router';
import type { ConsoleMe } from '@kequn/contracts';
import { createApi } from '../api/client';
import { createHttp } from '../api/http';
import App from '../App.vue';
import { DEPS } from '../deps';
import { createConsoleRouter } from '../router';
import { FakeServer, fail, ok } from './fake-server';
import { admin } from './fixtures';

export interface ConsoleHarness {
  wrapper: VueWrapper;
  server: FakeServer;
  navigations: string[];
  router: ReturnType<typeof createConsoleRouter>;
  find(testId: string): ReturnType<VueWrapper['find']>;
  findAll(testId: string): ReturnType<VueWrapper['findAll']>;
  text(testId: string): string;
  click(testId: string): Promise<void>;
  /** Types into an input (Element Plus puts the test id on the <input> itself or its wrapper). */
  fill(testId: string, value: string): Promise<void>;
  settle(): Promise<void>;
}

/** The whole console (App, router, views, axios) on a fake server, at a path under /console. */
export async function mountConsole(
  path: string,
  options: { me?: ConsoleMe | 'signed-out' | 'forbidden'; before?(server: FakeServer): void } = {},
): Promise<ConsoleHarness> {
  const server = new FakeServer();
  const me = options.me ?? admin();
  server.on(
    'GET /api/console/me',
    me === 'signed-out' ? fail(401, 'not_signed_in') : me === 'forbidden' ? fail(403, 'console_forbidden') : ok(me),
  );
  options.before?.(server);
  const navigations: string[] = [];
  const router = createConsoleRouter(createMemoryHistory('/console/'));
  await router.push(path);
  await router.isReady();
  const deps = {
    api: createApi(createHttp(server.adapter)),
    navigate: (url: string) => void navigations.push(url),
    me: (await import('vue')).ref(null),
  };
  const wrapper = mount(App, {
    global: { plugins: [router], provide: { [DEPS as symbol]: deps } },
    attachTo: document.body,
  });
  const find = (testId: string) => wrapper.find(`[data-testid="${testId}"]`);
  const harness: ConsoleHarness = {
    wrapper,
    server,
    navigations,
    router,
    find,
    findAll: (testId) => wrapper.findAll(`[data-testid="${testId}"]`),
    text: (testId) => find(testId).text(),
    async click(testId) {
      const el = find(testId);
      if (!el.exists()) throw new Error(`no [data-testid="${testId}"]`);
      await el.trigger('click');
      await harness.settle();
    },
    async fill(testId, value) {
      const el = find(testId);
      const input = el.element.tagName === 'INPUT' ? el : el.find('input');
      await input.setValue(value);
      await harness.settle();
    },
    async settle() {
      for (let i = 0; i < 8; i++) {
        await flushPromises();
        await vi.dynamicImportSettled();
      }
    },
  };
  await harness.settle();
  return harness;
}
