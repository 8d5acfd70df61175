/**
 * The built-in approval form: approve / reject, a reason that is required when rejecting. One
 * version per department (keys are unique across departments), created on demand through
 * POST /api/forms when a process owner first uses the approval block (docs/DECISIONS.md).
 */
export const APPROVAL_DECISION = 'decision';
export const APPROVAL_REASON = 'reason';
export const APPROVED = 'approved';
export const REJECTED = 'rejected';

/** The form key of a department's approval form, e.g. `approval-hr`. */
export function approvalFormKey(departmentKey: string): string {
  return `approval-${departmentKey}`;
}

export const approvalFormTitle = { de: 'Genehmigung', en: 'Approval' };

export const approvalFormDefinition = {
  schema: {
    type: 'object',
    required: [APPROVAL_DECISION],
    properties: {
      [APPROVAL_DECISION]: { type: 'string', enum: [APPROVED, REJECTED] },
      [APPROVAL_REASON]: { type: 'string', maxLength: 2000 },
    },
  },
  ui: {
    fields: [
      {
        key: APPROVAL_DECISION,
        kind: 'radio',
        label: { de: 'Entscheidung', en: 'Decision' },
        options: [
          { value: APPROVED, label: { de: 'Genehmigen', en: 'Approve' } },
          { value: REJECTED, label: { de: 'Ablehnen', en: 'Reject' } },
        ],
      },
      {
        key: APPROVAL_REASON,
        kind: 'textarea',
        label: { de: 'Begründung', en: 'Reason' },
        help: { de: 'Pflicht, wenn Sie ablehnen.', en: 'Required when you reject.' },
        requiredIf: `=${APPROVAL_DECISION} = "${REJECTED}"`,
      },
    ],
  },
};
