import { inject, type InjectionKey, type Ref } from 'vue';
import type { ConsoleMe } from '@kequn/contracts';
import type { ConsoleApi } from './api/client';

export interface ConsoleDeps {
  api: ConsoleApi;
  /** Leaves the app (sign-in, downloads); tests record it. */
  navigate(url: string): void;
  /** The signed-in manager, once known. */
  me: Ref<ConsoleMe | null>;
}

export const DEPS: InjectionKey<ConsoleDeps> = Symbol('console-deps');

export function useDeps(): ConsoleDeps {
  const deps = inject(DEPS);
  if (!deps) throw new Error('console deps not provided');
  return deps;
}

export const isAdmin = (deps: ConsoleDeps) => deps.me.value?.role === 'admin';
