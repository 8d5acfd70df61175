import { api } from '../api/client';

export const NOTIFICATION_KINDS = ['request_received', 'task_assigned', 'waiting_for_you', 'request_completed', 'comment_added', 'sla_at_risk', 'sla_breached', 'problem_resolved'] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export interface AppNotification {
  id: string;
  kind: NotificationKind | string;
  title: string;
  body: string | null;
  instanceId: string | null;
  /** The task it is about, while the reader may still see that task. */
  taskId?: string | null;
  createdAt: string;
  readAt: string | null;
}

export interface ChannelSwitches {
  inApp: boolean;
  email: boolean;
}

export interface MySettings {
  notifications: Partial<Record<NotificationKind, ChannelSwitches>>;
  substitute: { email: string; from: string; until: string } | null;
}

/** The bell's feed and the user's own notification and substitute settings. */
export const notificationsApi = {
  /** Written by the server in `lang`, the reader's UI language (service title and task name too). */
  list: (lang: string) => api.get<{ unread: number; items: AppNotification[] }>(`/api/notifications?lang=${encodeURIComponent(lang)}`),
  markRead: (ids?: string[]) => api.post<void>('/api/notifications/read', ids ? { ids } : {}),
  settings: () => api.get<MySettings>('/api/me/settings'),
  saveSettings: (settings: MySettings) => api.put<MySettings>('/api/me/settings', settings),
};
