import type { Me } from '@kequn/contracts';
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useDeps } from '../composables/deps';

export const useSessionStore = defineStore('session', () => {
  const { api, navigate } = useDeps();
  const me = ref<Me | null>(null);
  const redirecting = ref(false);

  async function load(): Promise<Me> {
    me.value ??= await api.me();
    return me.value;
  }

  /** The server signs the staff member in through WeCom OAuth and comes back to this page. */
  function signIn(): void {
    if (redirecting.value) return;
    redirecting.value = true;
    navigate(`/auth/wecom/start?next=${encodeURIComponent(location.pathname + location.search)}`);
  }

  return { me, redirecting, load, signIn };
});
