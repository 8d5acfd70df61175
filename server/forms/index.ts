/** What other modules use of forms: the engine binds and validates, routes read and write. */
export { bindForms, validateSubmission, compiledForm, submissionRefused, type FormBinding, type FormRef } from './bind';
export { linkFormFiles, storeFile, readFileFor, MAX_FILE_BYTES, ALLOWED_TYPES } from './files';
export { setFileScanner, type FileScanner, type ScanVerdict } from './file-scan';
export { createForm, updateForm, getForm, getFormDefinitions, listForms, listVersions, type StoredForm } from './store';
export { importCamundaForm, type CamundaImport } from './camunda';
export { checkDefinition } from '../../common/forms/definition';
export { checkFormData, compileForm } from '../../common/forms/validation';
export type { FormDefinition, FormError, UiField } from '../../common/forms/types';
