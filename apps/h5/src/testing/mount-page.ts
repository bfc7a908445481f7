import { flushPromises, mount, type VueWrapper } from '@vue/test-utils';
import { createPinia } from 'pinia';
import { expect, vi } from 'vitest';
import { createWebHistory } from 'vue-router';
import { createApi } from '../api/client';
import { withEarlyLoads } from '../api/early';
import { createHttp } from '../api/http';
import { withPreload, type PagePreload } from '../api/preload';
import App from '../App.vue';
import { DEPS, type AppDeps } from '../composables/deps';
import { createAppRouter } from '../router';
import { WecomConnection } from '../wecom/connection';
import { pageUrl } from '../wecom/page-url';
import { FakeSdk } from './fake-sdk';
import { FakeServer, type ServerState } from './fake-server';
import { me, orderView, ORDER_ID, signatures } from './fixtures';

export interface PageHarness {
  wrapper: VueWrapper;
  server: FakeServer;
  sdk: FakeSdk;
  navigations: string[];
  find(testId: string): ReturnType<VueWrapper['find']>;
  text(testId: string): string;
  enabled(testId: string): boolean;
  click(testId: string): Promise<void>;
  settle(): Promise<void>;
}

export interface HarnessOptions {
  state?: Partial<ServerState>;
  path?: string;
  /** Adjust the fakes before the page starts (entry, failures, holds …). */
  before?(server: FakeServer, sdk: FakeSdk): void;
  /** Boot as main.ts does: requests and the WeCom connection start before the app mounts. */
  early?: boolean;
  /** What the server put into the HTML (main.ts reads it before the early requests). */
  preload?: PagePreload;
}

/** The real app (router, stores, axios) on a fake server and a fake WeCom client, at a URL. */
export async function mountPage(options: HarnessOptions = {}): Promise<PageHarness> {
  const server = new FakeServer({ me: me(), order: orderView(), signatures: signatures(), ...options.state });
  const sdk = new FakeSdk();
  options.before?.(server, sdk);
  const navigations: string[] = [];
  window.history.replaceState(null, '', options.path ?? `/orders/${ORDER_ID}?from=scan`);
  const plainApi = withPreload(createApi(createHttp(server.adapter)), options.preload ?? null, pageUrl());
  const api = options.early ? withEarlyLoads(plainApi, window.location, pageUrl()) : plainApi;
  const wecom = new WecomConnection(api, sdk);
  if (options.early) wecom.start().catch(() => undefined);
  const deps: AppDeps = {
    api,
    sdk,
    wecom,
    navigate: (url) => void navigations.push(url),
    pollMs: 5,
  };
  const router = createAppRouter(createWebHistory());
  await router.push(location.pathname + location.search);
  await router.isReady();
  const wrapper = mount(App, {
    global: { plugins: [createPinia(), router], provide: { [DEPS as symbol]: deps } },
    attachTo: document.body,
  });
  const find = (testId: string) => wrapper.find(`[data-testid="${testId}"]`);
  const harness: PageHarness = {
    wrapper,
    server,
    sdk,
    navigations,
    find,
    text: (testId) => find(testId).text(),
    enabled: (testId) => find(testId).exists() && find(testId).attributes('disabled') === undefined,
    async click(testId) {
      await find(testId).trigger('click');
      await harness.settle();
    },
    async settle() {
      for (let i = 0; i < 5; i++) await flushPromises();
    },
  };
  await harness.settle();
  return harness;
}

/** Waits (polling included) until `check` passes. */
export function eventually(check: () => void, timeout = 1_000): Promise<void> {
  return vi.waitFor(check, { timeout, interval: 5 }).then(() => undefined);
}

export function expectEnabled(page: PageHarness, testId: string): void {
  expect(page.find(testId).exists(), `${testId} is on the page`).toBe(true);
  expect(page.enabled(testId), `${testId} is enabled`).toBe(true);
}
