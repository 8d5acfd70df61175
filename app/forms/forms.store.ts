import { defineStore } from 'pinia';
import { ref } from 'vue';
import { formsApi, type CamundaImportResult, type FormSummary } from '../api/forms';

/** The forms area: the list of the user's department forms and a Camunda import waiting for the designer. */
export const useFormsStore = defineStore('forms', () => {
  const items = ref<FormSummary[]>([]);
  const pendingImport = ref<CamundaImportResult | null>(null);

  async function load(): Promise<void> {
    items.value = (await formsApi.list()).items;
  }

  async function importCamunda(formJs: unknown): Promise<CamundaImportResult> {
    pendingImport.value = await formsApi.importCamunda(formJs);
    return pendingImport.value;
  }

  /** Hands the waiting import to the designer once. */
  function takeImport(): CamundaImportResult | null {
    const r = pendingImport.value;
    pendingImport.value = null;
    return r;
  }

  return { items, load, importCamunda, takeImport };
});
