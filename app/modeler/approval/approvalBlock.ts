/**
 * The approval building block as pure code: from the options a process owner picks (who approves,
 * one / all in parallel / all in sequence, levels by amount or type, the result variable) to the
 * standard BPMN + zeebe extensions the engine executes. No bpmn-js here: `create` is either
 * bpmn-js's bpmnFactory (the modeller) or bpmn-moddle's `create` (tests), so both build the same
 * XML. docs/approvals.md describes the generated variables.
 */
import { feelSyntaxError, stripEquals } from '../../../common/feel';
import { APPROVAL_DECISION, APPROVAL_REASON, APPROVED, REJECTED } from './approvalForm';

/** one: a single task any approver may decide; parallel / sequential: every approver decides. */
export type ApprovalMode = 'one' | 'parallel' | 'sequential';
export type ApproverKind = 'groups' | 'users';

/** Approvers added when a FEEL condition holds, e.g. `amount > 10000` → finance. */
export interface ApprovalLevel {
  when: string;
  approvers: string[];
}

export interface ApprovalOptions {
  mode: ApprovalMode;
  /** Whether approvers are group keys (candidate groups) or users' e-mails (assignees). */
  kind: ApproverKind;
  /** Fixed approvers; ignored when `approversExpression` is set. */
  approvers: string[];
  /** A FEEL list of approvers from the process data (e.g. `=approvers`), instead of fixed ones. */
  approversExpression?: string;
  /** Each level whose condition holds adds its approvers (cumulative). */
  levels: ApprovalLevel[];
  /** parallel / sequential: the first rejection cancels the open approvals. */
  firstRejectEnds: boolean;
  /** Where the result goes: `<variable>` ("approved"/"rejected"), `<variable>Reason`, `<variable>Decisions`. */
  variable: string;
  formId: string;
}

export const defaultApprovalOptions = (formId: string): ApprovalOptions => ({
  mode: 'one', kind: 'groups', approvers: [], levels: [], firstRejectEnds: true, variable: 'approval', formId,
});

/** The local variable that holds one approver (or, in mode "one" with levels, the list) per task. */
export const APPROVER = 'approver';
/** Name of the zeebe:Property that keeps the options, so the dialog can reopen them. */
export const APPROVAL_PROPERTY = 'lotse:approval';

export interface ApprovalProblem {
  field: 'variable' | 'approvers' | 'approversExpression' | 'levels';
  level?: number;
  code: 'invalidName' | 'reservedName' | 'noApprovers' | 'feel' | 'emptyCondition' | 'noLevelApprovers';
  detail?: string;
}

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,40}$/;
const RESERVED = new Set([APPROVAL_DECISION, APPROVAL_REASON, APPROVER, 'loopCounter', 'initiator']);

/** What keeps the options from generating a deployable step; empty when they are fine. */
export function approvalProblems(o: ApprovalOptions): ApprovalProblem[] {
  const out: ApprovalProblem[] = [];
  if (!NAME_RE.test(o.variable)) out.push({ field: 'variable', code: 'invalidName' });
  else if (RESERVED.has(o.variable)) out.push({ field: 'variable', code: 'reservedName' });
  const expression = o.approversExpression?.trim();
  if (expression) {
    const e = feelSyntaxError(stripEquals(expression));
    if (e) out.push({ field: 'approversExpression', code: 'feel', detail: e });
  } else if (o.approvers.length === 0 && o.levels.length === 0) {
    out.push({ field: 'approvers', code: 'noApprovers' });
  }
  o.levels.forEach((level, i) => {
    if (!stripEquals(level.when).trim()) out.push({ field: 'levels', level: i, code: 'emptyCondition' });
    else {
      const e = feelSyntaxError(stripEquals(level.when));
      if (e) out.push({ field: 'levels', level: i, code: 'feel', detail: e });
    }
    if (level.approvers.length === 0) out.push({ field: 'levels', level: i, code: 'noLevelApprovers' });
  });
  return out;
}

const feelList = (items: string[]) => `[${items.map((s) => JSON.stringify(s)).join(', ')}]`;

/**
 * The approvers as one FEEL list (without `=`), or null when they are fixed and there are no levels.
 * Levels are cumulative: `distinct values(flatten([base, if amount > 1000 then ["heads"] else [], …]))`.
 */
export function approverListFeel(o: ApprovalOptions): string | null {
  const expression = o.approversExpression?.trim() ? stripEquals(o.approversExpression.trim()) : null;
  if (o.levels.length === 0) return expression;
  const parts = [expression ? `(${expression})` : feelList(o.approvers)];
  for (const level of o.levels) parts.push(`if ${stripEquals(level.when).trim()} then ${feelList(level.approvers)} else []`);
  return `distinct values(flatten([${parts.join(', ')}]))`;
}

export interface LoopSpec {
  isSequential: boolean;
  inputCollection: string;
  inputElement: string;
  outputCollection: string;
  outputElement: string;
  completionCondition?: string;
}

/** Everything the block sets, as plain data (attribute values exactly as they go into the XML). */
export interface ApprovalSpec {
  loop: LoopSpec | null;
  assignment: { assignee?: string; candidateGroups?: string; candidateUsers?: string };
  formId: string;
  outputs: { source: string; target: string }[];
  /** Condition of the "approved" flow out of the decision gateway; the "rejected" flow is the default. */
  approvedCondition: string;
  /** The options as JSON, kept on the task in a zeebe:Property. */
  stored: string;
}

/** Builds the block's BPMN settings from the options (call approvalProblems first). */
export function approvalSpec(o: ApprovalOptions): ApprovalSpec {
  const v = o.variable;
  const decisions = `${v}Decisions`;
  const list = approverListFeel(o);
  const perApprover = o.mode !== 'one';
  const stored = JSON.stringify({ ...o, approversExpression: o.approversExpression?.trim() || undefined });
  const simple = { formId: o.formId, stored };
  const record = `={${APPROVER}: ${APPROVER}, ${APPROVAL_DECISION}: ${APPROVAL_DECISION}, ${APPROVAL_REASON}: ${APPROVAL_REASON}}`;

  if (!perApprover && list === null) {
    // One task for all approvers: whoever of them decides first decides for everyone.
    const fixed = o.approvers.join(',');
    return {
      ...simple,
      loop: null,
      assignment: o.kind === 'groups' ? { candidateGroups: fixed } : { candidateUsers: fixed },
      outputs: [{ source: `=${APPROVAL_DECISION}`, target: v }, { source: `=${APPROVAL_REASON}`, target: `${v}Reason` }],
      approvedCondition: `=${v} = "${APPROVED}"`,
    };
  }

  const collection = list ?? feelList(o.approvers);
  const assignee = `=${APPROVER}`;
  const assignment = o.kind === 'groups' ? { candidateGroups: assignee } : perApprover ? { assignee } : { candidateUsers: assignee };
  // An empty approver list (no level applies) creates no task: the step counts as approved.
  const approvedCondition = `=${v} = "${APPROVED}" or count(${decisions}) = 0`;
  if (!perApprover) {
    // Mode "one" with computed approvers: one task whose candidates are the whole list (none when empty).
    return {
      ...simple,
      loop: { isSequential: true, inputCollection: `=if count(${collection}) = 0 then [] else [${collection}]`, inputElement: APPROVER, outputCollection: decisions, outputElement: record },
      assignment,
      outputs: [{ source: `=${APPROVAL_DECISION}`, target: v }, { source: `=${APPROVAL_REASON}`, target: `${v}Reason` }],
      approvedCondition,
    };
  }
  const rejectedSoFar = `(some d in ${decisions} satisfies d.${APPROVAL_DECISION} = "${REJECTED}")`;
  return {
    ...simple,
    loop: {
      isSequential: o.mode === 'sequential',
      inputCollection: `=${collection}`,
      inputElement: APPROVER,
      outputCollection: decisions,
      outputElement: record,
      ...(o.firstRejectEnds ? { completionCondition: `=${APPROVAL_DECISION} = "${REJECTED}"` } : {}),
    },
    assignment,
    outputs: [
      // Each decision updates the overall result: rejected as soon as anyone rejected.
      { source: `=if ${APPROVAL_DECISION} = "${REJECTED}" or ${rejectedSoFar} then "${REJECTED}" else "${APPROVED}"`, target: v },
      { source: `=if ${APPROVAL_DECISION} = "${REJECTED}" then ${APPROVAL_REASON} else ${v}Reason`, target: `${v}Reason` },
    ],
    approvedCondition,
  };
}

type Create = (type: string, attrs?: Record<string, unknown>) => any;

function withParent<T extends { $parent?: unknown }>(children: T[], parent: unknown): T[] {
  for (const child of children) child.$parent = parent;
  return children;
}

/** The task's extension elements the block owns (user task marker, form, assignment, outputs, options). */
export function approvalExtensionValues(create: Create, spec: ApprovalSpec): any[] {
  const io = create('zeebe:IoMapping');
  io.outputParameters = withParent(spec.outputs.map((m) => create('zeebe:Output', m)), io);
  const properties = create('zeebe:Properties');
  properties.properties = withParent([create('zeebe:Property', { name: APPROVAL_PROPERTY, value: spec.stored })], properties);
  return [
    create('zeebe:UserTask'),
    create('zeebe:FormDefinition', { formId: spec.formId }),
    create('zeebe:AssignmentDefinition', spec.assignment),
    io,
    properties,
  ];
}

/** Extension element types the block replaces on a task (everything else, e.g. schedules and SLAs, stays). */
export const APPROVAL_OWNED_TYPES = ['zeebe:UserTask', 'zeebe:FormDefinition', 'zeebe:AssignmentDefinition', 'zeebe:IoMapping', 'zeebe:Properties'];

/**
 * A task's new extension values: the block's own, plus what the owner had set beside them
 * (schedules, SLAs, headers, input mappings, other outputs and properties).
 */
export function mergeApprovalExtensions(create: Create, spec: ApprovalSpec, existing: any[], previous?: ApprovalOptions | null): any[] {
  const [marker, form, assignment, io, properties] = approvalExtensionValues(create, spec);
  const old = (type: string) => existing.find((v) => v.$type === type);
  const oldIo = old('zeebe:IoMapping');
  // Outputs of this and of the earlier application (another result variable) are the block's.
  const ours = new Set([...spec.outputs, ...(previous ? approvalSpec(previous).outputs : [])].map((m) => m.target));
  io.inputParameters = withParent([...(oldIo?.inputParameters ?? [])], io);
  io.outputParameters = withParent([...(oldIo?.outputParameters ?? []).filter((m: any) => !ours.has(m.target)), ...io.outputParameters], io);
  const otherProps = (old('zeebe:Properties')?.properties ?? []).filter((p: any) => p.name !== APPROVAL_PROPERTY);
  properties.properties = withParent([...otherProps, ...properties.properties], properties);
  return [...existing.filter((v) => !APPROVAL_OWNED_TYPES.includes(v.$type)), marker, form, assignment, io, properties];
}

/** bpmn:MultiInstanceLoopCharacteristics for the spec, or undefined for a single task. */
export function approvalLoop(create: Create, spec: ApprovalSpec): any {
  if (!spec.loop) return undefined;
  const { isSequential, completionCondition, ...zeebe } = spec.loop;
  const loop = create('bpmn:MultiInstanceLoopCharacteristics', { isSequential });
  const ext = create('bpmn:ExtensionElements');
  ext.values = withParent([create('zeebe:LoopCharacteristics', zeebe)], ext);
  ext.$parent = loop;
  loop.extensionElements = ext;
  if (completionCondition) {
    loop.completionCondition = create('bpmn:FormalExpression', { body: completionCondition });
    loop.completionCondition.$parent = loop;
  }
  return loop;
}

/** The options stored on a task by an earlier use of the block, or null. */
export function readApprovalOptions(bo: any): ApprovalOptions | null {
  const props = (bo?.extensionElements?.values ?? []).find((v: any) => v.$type === 'zeebe:Properties');
  const stored = (props?.properties ?? []).find((p: any) => p.name === APPROVAL_PROPERTY)?.value;
  if (!stored) return null;
  try {
    const parsed = JSON.parse(stored) as Partial<ApprovalOptions>;
    return { ...defaultApprovalOptions(''), ...parsed, levels: parsed.levels ?? [], approvers: parsed.approvers ?? [] };
  } catch {
    return null;
  }
}
