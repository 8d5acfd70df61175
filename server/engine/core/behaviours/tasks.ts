/** Tasks: user tasks and jobs wait; script and business-rule tasks evaluate inline; the rest pass. */
import type { Execution } from '../execution';
import type { ElementInstance } from '../types';
import { evaluateDecision } from '../dmn';
import { evalFeel } from '../../../../common/feel';
import { pendingListener } from './listeners';

export function executeTask(x: Execution, inst: ElementInstance): void {
  const el = x.el(inst.elementId);
  if (el.taskDefinition) return x.createJob(inst);
  switch (el.type) {
    case 'userTask':
      return createUserTask(x, inst);
    case 'scriptTask': {
      const r = evalFeel(el.script!.expression, x.visible(inst.id), x.now);
      if (!r.ok) return x.incident(inst, `script: ${r.error}`, 'activate');
      x.completeWith(inst, { [el.script!.resultVariable]: r.value });
      return x.push('complete', inst);
    }
    case 'businessRuleTask': {
      const { decisionId, resultVariable } = el.calledDecision!;
      const r = evaluateDecision(x.options.decisions ?? {}, decisionId, x.visible(inst.id), x.now);
      if (!r.ok) return x.incident(inst, `decision '${decisionId}': ${r.error}`, 'activate');
      x.completeWith(inst, { [resultVariable]: r.value });
      return x.push('complete', inst);
    }
    case 'receiveTask':
      inst.status = 'waiting';
      x.subscribe(el.event!, el.id, inst);
      return;
    case 'sendTask':
      if (!x.publishMessage(inst)) return;
      return x.push('complete', inst);
    default:
      // task, manualTask: nothing to do in the engine.
      return x.push('complete', inst);
  }
}

function list(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  return [];
}

export function createUserTask(x: Execution, inst: ElementInstance): void {
  const el = x.el(inst.elementId);
  const u = el.userTask ?? {};
  const values: Record<string, unknown> = {};
  for (const key of ['assignee', 'candidateGroups', 'candidateUsers', 'dueDate', 'followUpDate', 'priority'] as const) {
    const raw = u[key];
    if (raw === undefined || raw === '') continue;
    const r = x.evaluate(raw, inst.id);
    if (!r.ok) return x.incident(inst, `${key}: ${r.error}`, 'activate');
    values[key] = r.value;
  }
  // Corrections of creating listeners so far (Camunda 8.8): the assignee only when the process set none.
  const corrections = inst.listeners?.event === 'creating' ? inst.listeners.corrections : undefined;
  for (const [key, value] of Object.entries(corrections ?? {})) {
    if (key === 'assignee' && values.assignee !== undefined && values.assignee !== null && values.assignee !== '') continue;
    if (value !== undefined && value !== null) values[key] = value;
  }
  const str0 = (v: unknown) => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  const creating = Object.fromEntries(Object.entries(values).map(([k, v]) => [`io.camunda.zeebe:${k}`, str0(v)]));
  if (pendingListener(x, inst, 'creating', { 'io.camunda.zeebe:action': 'create', ...creating })) return;
  const taskId = x.openWait('task', el.id, inst);
  inst.status = 'waiting';
  const str = (v: unknown) => (v === null || v === undefined || v === '' ? undefined : String(v));
  x.effects.push({
    type: 'user_task.create', taskId, elementId: el.id, elementInstanceId: inst.id, name: el.name,
    formId: u.formId ?? u.formKey, assignee: str(values.assignee),
    candidateGroups: list(values.candidateGroups), candidateUsers: list(values.candidateUsers),
    dueDate: str(values.dueDate), followUpDate: str(values.followUpDate),
    priority: values.priority === undefined ? undefined : Number(values.priority),
    headers: el.headers ?? {}, ...(el.sla ? { sla: el.sla } : {}), ...(u.approval ? { approval: true } : {}),
  });
}
