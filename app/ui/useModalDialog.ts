import { nextTick, onBeforeUnmount, watch, type Ref, type ShallowRef } from 'vue';

const FIRST_FIELD = '.dialog-body :is(input, select, textarea):not([disabled]):not([type=hidden])';

/** Opens and closes a native <dialog> as `open` changes, and returns focus to whatever opened it. */
export function useModalDialog(dialog: Readonly<ShallowRef<HTMLDialogElement | null>>, open: Readonly<Ref<boolean>>): void {
  let opener: HTMLElement | null = null;

  function show(): void {
    const el = dialog.value;
    if (!el || el.open) return;
    opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    if (typeof el.showModal === 'function') el.showModal();
    else el.setAttribute('open', '');
    // Start in the first field rather than on the close button.
    el.querySelector<HTMLElement>(FIRST_FIELD)?.focus();
  }

  function hide(): void {
    const el = dialog.value;
    if (el?.open) {
      if (typeof el.close === 'function') el.close();
      else el.removeAttribute('open');
    }
    if (opener?.isConnected) opener.focus();
    opener = null;
  }

  watch(
    open,
    async (isOpen) => {
      await nextTick();
      if (isOpen) show();
      else hide();
    },
    { immediate: true },
  );
  onBeforeUnmount(hide);
}
