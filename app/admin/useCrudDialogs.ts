import { ref, shallowRef } from 'vue';
import { useI18n } from 'vue-i18n';
import { showToast } from '../ui/toast';
import { describeError } from '../ui/useFormErrors';

/** The edit-dialog and delete-confirmation state every admin list shares. */
export function useCrudDialogs<T extends { id: string }>(remove: (id: string) => Promise<void>, label: (item: T) => string) {
  const { t } = useI18n();
  const editOpen = ref(false);
  const editing = shallowRef<T | null>(null);
  const deleting = shallowRef<T | null>(null);
  const deleteOpen = ref(false);
  const deleteBusy = ref(false);

  function openCreate(): void {
    editing.value = null;
    editOpen.value = true;
  }

  function openEdit(item: T): void {
    editing.value = item;
    editOpen.value = true;
  }

  function onSaved(item: T): void {
    editOpen.value = false;
    showToast(t('admin.saved', { name: label(item) }));
  }

  function askDelete(item: T): void {
    deleting.value = item;
    deleteOpen.value = true;
  }

  async function confirmDelete(describe?: (error: unknown) => string | null): Promise<void> {
    const item = deleting.value;
    if (!item) return;
    deleteBusy.value = true;
    try {
      await remove(item.id);
      showToast(t('admin.deleted', { name: label(item) }));
    } catch (error) {
      showToast(describe?.(error) ?? describeError(error, t), 'error');
    } finally {
      deleteBusy.value = false;
      deleteOpen.value = false;
      deleting.value = null;
    }
  }

  return { editOpen, editing, deleteOpen, deleting, deleteBusy, openCreate, openEdit, onSaved, askDelete, confirmDelete };
}
