import type { KequnApi } from './api/client';
import { createKequnApp } from './app';
import type { WecomConnection } from './wecom/connection';
import type { WecomSdk } from './wecom/sdk';

const POLL_MS = 2_000;

export function boot(parts: { api: KequnApi; sdk: WecomSdk; wecom: WecomConnection }): void {
  createKequnApp({
    ...parts,
    navigate: (url) => window.location.replace(url),
    pollMs: POLL_MS,
  }).mount('#app');
}
