import { ApiError, api } from '../../api/client';
import { departmentsApi } from '../../api/departments';
import { approvalFormDefinition, approvalFormKey, approvalFormTitle } from './approvalForm';

/**
 * The key of the department's approval form; creates the form (version 1) when it does not exist
 * yet. An existing form is used as it is, so owners may adapt its texts in the form designer.
 */
export async function ensureApprovalForm(departmentId: string): Promise<string> {
  const department = (await departmentsApi.list()).items.find((d) => d.id === departmentId);
  if (!department) throw new ApiError(404, 'Department not found', 'not_found');
  const key = approvalFormKey(department.key);
  try {
    await api.get(`/api/forms/${encodeURIComponent(key)}`);
    return key;
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
  }
  await api.post('/api/forms', { key, departmentId, title: approvalFormTitle, definition: approvalFormDefinition });
  return key;
}
