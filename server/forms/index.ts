/** What other modules use of forms: the engine binds and validates, routes read and write. */
export { bindForms, validateSubmission, compiledForm, submissionRefused, type FormBinding, type FormRef } from './bind';
export { linkFormFiles, storeFile, readFileFor, MAX_FILE_BYTES, ALLOWED_TYPES } from './files';
export { createForm, updateForm, getForm, listForms, listVersions, type StoredForm } from './store';
export { importCamundaForm, type CamundaImport } from './camunda';
export { checkDefinition } from './definition';
export { checkFormData, compileForm } from './validation';
export type { FormDefinition, FormError, UiField } from './types';
