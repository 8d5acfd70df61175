import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/api';
import { dbTargets } from '../support/db';
import { templateHarness, type TemplateHarness } from './template-harness';

describe.each(dbTargets())('template purchase-request ($name)', (target) => {
  let h: TemplateHarness;
  let employee: Client, teamLead: Client, head: Client, purchasing: Client;
  const request = (quantity: number, unitPrice: number) => ({
    item: 'Ergonomic chair', quantity, unitPrice, costCenter: 'CC-4711', justification: 'Back problems', supplier: 'Office & Co',
    teamLead: 'employee2@lotse.demo', headOfDepartment: 'owner.hr@lotse.demo',
  });
  const approvals = ['TeamLeadApproval', 'HeadApproval', 'FinanceApproval'];
  const approvers = () => [teamLead, head, purchasing];
  /** Approves the first `levels` levels, then (optionally) declines at the next. */
  async function approve(id: string, levels: number, declineNext = false) {
    for (let i = 0; i < levels; i++) await h.complete(approvers()[i], id, approvals[i], { approved: true });
    if (declineNext) await h.complete(approvers()[levels], id, approvals[levels], { approved: false, reason: `declined at level ${levels + 1}` });
  }
  async function orderAndReceive(id: string) {
    await h.complete(purchasing, id, 'Order', { orderNumber: 'PO-1', expectedDelivery: '2026-03-20', orderedFrom: 'Office & Co' });
    expect((await h.task(id, 'GoodsReceipt')).assignee).toBe('employee@lotse.demo');
    await h.complete(employee, id, 'GoodsReceipt', { complete: true });
  }
  const approvalPath = async (id: string) => (await h.completed(id)).filter((e) => approvals.includes(e));

  beforeAll(async () => {
    h = await templateHarness(target);
    expect((await h.deploy(h.admin, 'purchase-request')).warnings).toEqual([]);
    [employee, teamLead, head, purchasing] = await Promise.all(['employee@lotse.demo', 'employee2@lotse.demo', 'owner.hr@lotse.demo', 'agent.purchasing@lotse.demo'].map((e) => h.as(e)));
  });
  afterAll(() => h.dispose());

  it('is in the Purchasing catalog; above 1,000 EUR the head of department is required on the form', async () => {
    const catalog = await employee.get('/api/catalog');
    expect(catalog.body.items).toContainEqual(expect.objectContaining({ processKey: 'purchase-request', departmentName: 'Purchasing' }));
    const r = await employee.post('/api/process-instances', { processKey: 'purchase-request', variables: { ...request(2, 600), headOfDepartment: undefined } });
    expect(r.status).toBe(422);
    expect(r.body.errors).toContainEqual(expect.objectContaining({ path: '/headOfDepartment' }));
  });

  it('up to 1,000 EUR: the team lead alone; order, mail, goods receipt', async () => {
    const id = await h.start(employee, 'purchase-request', request(2, 450));
    expect((await h.detail(id)).variables.amount).toBe(900);
    expect((await h.task(id, 'TeamLeadApproval')).assignee).toBe('employee2@lotse.demo');
    await approve(id, 1);
    expect((await h.task(id, 'Order')).candidateGroups).toEqual(['purchasing']);
    await orderAndReceive(id);
    expect((await h.detail(id)).status).toBe('completed');
    expect(await approvalPath(id)).toEqual(['TeamLeadApproval']);
    expect(await h.mails(id)).toEqual([{ recipients: ['employee@lotse.demo'], subject: 'Bestellt / Ordered: Ergonomic chair', body: expect.stringContaining('PO-1') }]);
  });

  it('up to 10,000 EUR: team lead and head of department', async () => {
    const id = await h.start(employee, 'purchase-request', request(10, 500));
    await approve(id, 2);
    await orderAndReceive(id);
    expect(await approvalPath(id)).toEqual(['TeamLeadApproval', 'HeadApproval']);
  });

  it('above 10,000 EUR: finance too; an incomplete delivery is clarified with the supplier', async () => {
    const id = await h.start(employee, 'purchase-request', request(30, 500));
    await approve(id, 2);
    expect((await h.task(id, 'FinanceApproval')).candidateGroups).toEqual(['finance']);
    await h.complete(purchasing, id, 'FinanceApproval', { approved: true });
    await h.complete(purchasing, id, 'Order', { orderNumber: 'PO-2', expectedDelivery: '2026-03-20', orderedFrom: 'Office & Co' });
    expect(new Date((await h.task(id, 'GoodsReceipt')).dueAt!).toISOString().slice(0, 10)).toBe('2026-03-22');
    await h.complete(employee, id, 'GoodsReceipt', { complete: false, receiptNote: '5 chairs missing' });
    await h.complete(purchasing, id, 'Clarify', { clarification: 'Re-delivery on Friday' });
    await h.complete(employee, id, 'GoodsReceipt', { complete: true });
    const d = await h.detail(id);
    expect(d.status).toBe('completed');
    expect(await approvalPath(id)).toEqual(approvals);
    expect(d.tasks.filter((t: { elementId: string }) => t.elementId === 'GoodsReceipt')).toHaveLength(2);
  });

  it.each([
    [0, 2, 450],
    [1, 10, 500],
    [2, 30, 500],
  ])('declined at level %i: the reason goes back to the requester, nothing is ordered', async (level, quantity, unitPrice) => {
    const id = await h.start(employee, 'purchase-request', request(quantity, unitPrice));
    await approve(id, level, true);
    const d = await h.detail(id, employee);
    expect(d).toMatchObject({ status: 'completed', variables: { approved: false } });
    expect(await h.completed(id)).not.toContain('Order');
    expect(await h.mails(id)).toEqual([{ recipients: ['employee@lotse.demo'], subject: 'Bestellanforderung abgelehnt / Purchase request declined: Ergonomic chair', body: `Begründung / Reason: declined at level ${level + 1}${h.requestFooter(id)}` }]);
  });
});
