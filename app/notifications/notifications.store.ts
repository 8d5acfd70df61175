import { defineStore } from 'pinia';
import { ref } from 'vue';
import { notificationsApi, type AppNotification } from './notifications.api';

/** The signed-in user's in-app notifications and the unread count the bell shows. */
export const useNotificationsStore = defineStore('notifications', () => {
  const items = ref<AppNotification[]>([]);
  const unread = ref(0);
  const available = ref(true);

  /** Loads the feed written in `lang` (the UI language: a notification reads in the language of whoever opens it). */
  async function load(lang: string): Promise<void> {
    try {
      const feed = await notificationsApi.list(lang);
      items.value = feed.items;
      unread.value = feed.unread;
      available.value = true;
    } catch {
      // The bell is secondary: a failing feed must not disturb the page the user is on.
      available.value = false;
    }
  }

  /** Marks the given notifications (or all) read, optimistically. */
  async function markRead(ids?: string[]): Promise<void> {
    const readAt = new Date().toISOString();
    const wanted = ids ? new Set(ids) : null;
    const newlyRead = items.value.filter((n) => !n.readAt && (!wanted || wanted.has(n.id))).length;
    items.value = items.value.map((n) => (!n.readAt && (!wanted || wanted.has(n.id)) ? { ...n, readAt } : n));
    unread.value = wanted ? Math.max(0, unread.value - newlyRead) : 0;
    await notificationsApi.markRead(ids);
  }

  return { items, unread, available, load, markRead };
});
