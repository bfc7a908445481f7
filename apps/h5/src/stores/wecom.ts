import { defineStore } from 'pinia';
import { ref } from 'vue';
import { useDeps } from '../composables/deps';
import type { Entry } from '../wecom/sdk';

/** The WeCom connection's outcome as page state (the connection itself may start before Vue). */
export const useWecomStore = defineStore('wecom', () => {
  const { wecom } = useDeps();
  const ready = ref(false);
  const entry = ref<Entry | null>(null);
  const contactId = ref<string | null>(null);
  const chatId = ref<string | null>(null);
  const signedUrl = ref<string | null>(null);

  async function start(): Promise<void> {
    if (ready.value) return;
    try {
      const context = await wecom.start();
      entry.value = context.entry;
      contactId.value = context.contactId;
      chatId.value = context.chatId;
      ready.value = true;
    } catch (err) {
      wecom.reset();
      throw err;
    } finally {
      signedUrl.value = wecom.signedUrl;
    }
  }

  return { ready, entry, contactId, chatId, signedUrl, start };
});
