/**
 * The draft life cycle of one process: load, save with the loaded revision, autosave after edits,
 * and the 409 conflict when another owner saved in between.
 */
import { computed, onBeforeUnmount, ref } from 'vue';
import { ApiError } from '../api/client';
import { modelerApi, type StaleDraft } from './modeler.api';

export type DraftStatus = 'loading' | 'saved' | 'unsaved' | 'saving' | 'error' | 'conflict';

export const AUTOSAVE_DELAY_MS = 1500;

export function useDraft(getXml: () => Promise<string>) {
  const key = ref('');
  const departmentId = ref<string | undefined>();
  /** The revision this editor builds on; undefined while the draft was never saved. */
  const revision = ref<number | undefined>();
  const status = ref<DraftStatus>('loading');
  const lastError = ref('');
  const conflict = ref<StaleDraft | null>(null);
  const savedAt = ref<string | null>(null);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;
  let again = false;

  /** Loads the server draft; null when there is none (404). */
  async function load(processKey: string): Promise<string | null> {
    key.value = processKey;
    try {
      const draft = await modelerApi.draft(processKey);
      revision.value = draft.revision;
      departmentId.value = draft.departmentId;
      savedAt.value = draft.updatedAt;
      status.value = 'saved';
      conflict.value = null;
      return draft.xml;
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        revision.value = undefined;
        return null;
      }
      throw error;
    }
  }

  async function saveOnce(): Promise<void> {
    status.value = 'saving';
    const xml = await getXml();
    try {
      const saved = await modelerApi.saveDraft(key.value, {
        xml,
        ...(revision.value === undefined ? { departmentId: departmentId.value } : { revision: revision.value }),
      });
      revision.value = saved.revision;
      savedAt.value = saved.updatedAt;
      if (status.value === 'saving') status.value = 'saved';
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        status.value = 'conflict';
        conflict.value = await currentDraftInfo(key.value);
        return;
      }
      status.value = 'error';
      lastError.value = error instanceof Error ? error.message : String(error);
      throw error;
    }
  }

  /** Saves now; edits made meanwhile are saved right after. Never runs two PUTs at once. */
  async function save(): Promise<void> {
    clearTimeout(timer);
    if (status.value === 'conflict') return;
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await saveOnce();
        } while (again && status.value !== 'conflict');
      } finally {
        running = null;
      }
    })();
    return running;
  }

  /** Call after every change to the diagram: marks unsaved and saves after a pause. */
  function changed(): void {
    if (status.value === 'conflict') return;
    if (running) again = true;
    status.value = 'unsaved';
    clearTimeout(timer);
    timer = setTimeout(() => void save().catch(() => undefined), AUTOSAVE_DELAY_MS);
  }

  /** Forget local edits' base: the next save starts a new draft (keep-a-copy under another key). */
  function startNew(newKey: string): void {
    key.value = newKey;
    revision.value = undefined;
    conflict.value = null;
    status.value = 'unsaved';
  }

  onBeforeUnmount(() => clearTimeout(timer));

  const dirty = computed(() => status.value !== 'saved' && status.value !== 'loading');
  return { key, departmentId, revision, status, lastError, conflict, savedAt, dirty, load, save, changed, startNew };
}

/** Who saved the newer draft (ApiError does not keep the 409 body, so it is read again). */
async function currentDraftInfo(processKey: string): Promise<StaleDraft | null> {
  try {
    const { revision, updatedAt, updatedBy } = await modelerApi.draft(processKey);
    return { revision, updatedAt, updatedBy };
  } catch {
    return null;
  }
}
