import { onBeforeUnmount, onMounted } from 'vue';

/** Called with the changed request ids; an empty list means "something changed, refresh all". */
export type ChangeListener = (instanceIds: string[]) => void;

export const POLL_INTERVAL_MS = 15_000;
const MAX_ERRORS_BEFORE_POLLING = 3;

const listeners = new Set<ChangeListener>();
let source: EventSource | null = null;
let pollTimer: ReturnType<typeof setInterval> | null = null;
let errors = 0;

function notify(ids: string[]): void {
  for (const listener of [...listeners]) listener(ids);
}

function startPolling(): void {
  source?.close();
  source = null;
  pollTimer ??= setInterval(() => notify([]), POLL_INTERVAL_MS);
}

function connect(): void {
  if (typeof EventSource === 'undefined') return startPolling();
  try {
    source = new EventSource('/api/events', { withCredentials: true });
  } catch {
    return startPolling();
  }
  source.addEventListener('open', () => {
    errors = 0;
  });
  source.addEventListener('changed', (event) => {
    let ids: string[] = [];
    try {
      const data = JSON.parse((event as MessageEvent<string>).data) as { instanceIds?: unknown };
      if (Array.isArray(data.instanceIds)) ids = data.instanceIds.filter((x): x is string => typeof x === 'string');
    } catch {
      // A malformed event still means "something changed".
    }
    notify(ids);
  });
  source.addEventListener('error', () => {
    // The browser reconnects by itself while readyState is CONNECTING; a closed stream or
    // repeated failures (no SSE route, a proxy that buffers) fall back to polling.
    errors += 1;
    if (source?.readyState === EventSource.CLOSED || errors >= MAX_ERRORS_BEFORE_POLLING) startPolling();
  });
}

function disconnect(): void {
  source?.close();
  source = null;
  if (pollTimer) clearInterval(pollTimer);
  pollTimer = null;
  errors = 0;
}

/** Listens for "requests or tasks changed" (one shared SSE stream, polling as the fallback). */
export function subscribeChanges(listener: ChangeListener): () => void {
  listeners.add(listener);
  if (listeners.size === 1) connect();
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) disconnect();
  };
}

/** Component helper: subscribes while mounted. */
export function useServerChanges(listener: ChangeListener): void {
  let unsubscribe: (() => void) | null = null;
  onMounted(() => {
    unsubscribe = subscribeChanges(listener);
  });
  onBeforeUnmount(() => unsubscribe?.());
}
