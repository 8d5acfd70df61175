import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../support/api';
import { dbTargets } from '../support/db';
import { templateHarness, type TemplateHarness } from './template-harness';

// The demo has no agent in group `service`; the admin works those tasks (admins may act on any task).
describe.each(dbTargets())('template customer-complaint ($name)', (target) => {
  let h: TemplateHarness;
  let recorder: Client, service: Client, finance: Client, hrAgent: Client;
  const complaint = (topic: string, amountInDispute?: number) => ({
    customerName: 'Karl Kunde', customerEmail: 'karl@example.com', orderNumber: 'A-1001', channel: 'phone', topic,
    description: 'The coffee machine broke after two days', desiredOutcome: 'refund', ...(amountInDispute === undefined ? {} : { amountInDispute }),
  });
  async function toApproval(compensation: number) {
    const id = await h.start(recorder, 'customer-complaint', complaint('defect', compensation));
    await h.complete(service, id, 'Investigate', { justified: true, findings: 'Known pump defect', compensation });
    return id;
  }
  async function answer(id: string) {
    const form = await service.get(`/api/tasks/${(await h.task(id, 'WriteAnswer')).id}`);
    await h.complete(service, id, 'WriteAnswer', { answer: 'Dear Mr Kunde, we are sorry.' });
    return form.body;
  }

  beforeAll(async () => {
    h = await templateHarness(target);
    const deployed = await h.deploy(h.admin, 'customer-complaint');
    expect(deployed.warnings).toEqual([]);
    service = h.admin;
    [recorder, finance, hrAgent] = await Promise.all(['employee@lotse.demo', 'agent.purchasing@lotse.demo', 'agent.hr@lotse.demo'].map((e) => h.as(e)));
  });
  afterAll(() => h.dispose());

  it('categorises with the decision table and sets the priority', async () => {
    const cases: [string, number | undefined, string, string][] = [
      ['defect', 800, 'quality', 'high'], ['defect', 100, 'quality', 'medium'], ['defect', undefined, 'quality', 'medium'],
      ['safety', undefined, 'product-safety', 'critical'], ['billing', 501, 'billing', 'high'], ['delivery', 50, 'logistics', 'medium'],
      ['staff', undefined, 'conduct', 'high'], ['other', 10_000, 'general', 'low'],
    ];
    for (const [topic, amount, category, priority] of cases) {
      const id = await h.start(recorder, 'customer-complaint', complaint(topic, amount));
      const d = await h.detail(id);
      expect(d.variables, `${topic} ${amount}`).toMatchObject({ category, priority });
      expect(d.priority).toBe(priority);
      expect((await h.task(id, 'Investigate')).candidateGroups).toEqual(['service']);
    }
  });

  it('not justified: no compensation, straight to the answer, mailed to the customer', async () => {
    const id = await h.start(recorder, 'customer-complaint', complaint('delivery'));
    await h.complete(service, id, 'Investigate', { justified: false, findings: 'Delivered on time, signed by the customer' });
    expect((await h.detail(id)).activeElementIds).toEqual(['WriteAnswer']);
    await answer(id);
    expect((await h.detail(id)).status).toBe('completed');
    expect(await h.completed(id)).not.toContain('ApproveCompensation');
    expect(await h.mails(id)).toEqual([{ recipients: ['karl@example.com'], subject: 'Ihre Beschwerde / Your complaint (A-1001)', body: 'Dear Mr Kunde, we are sorry.' }]);
  });

  it('up to 500 EUR: the service team approves alone', async () => {
    const id = await toApproval(200);
    await h.complete(service, id, 'ApproveCompensation', { approved: true });
    const form = await answer(id);
    expect(form.elementId).toBe('WriteAnswer');
    expect(await h.completed(id)).not.toContain('ApproveFinance');
    expect((await h.detail(id)).status).toBe('completed');
  });

  it('above 500 EUR: finance approves as the second approver', async () => {
    const id = await toApproval(800);
    await h.complete(service, id, 'ApproveCompensation', { approved: true });
    const second = await h.task(id, 'ApproveFinance');
    expect(second.candidateGroups).toEqual(['finance']);
    expect((await hrAgent.get(`/api/tasks/${second.id}`)).status).toBe(404);
    await h.complete(finance, id, 'ApproveFinance', { approved: true });
    await answer(id);
    const d = await h.detail(id);
    expect(d).toMatchObject({ status: 'completed', variables: { approved: true, compensation: 800 } });
    expect(await h.mails(id)).toHaveLength(1);
  });

  it('above 500 EUR, declined by the team: finance is not asked', async () => {
    const id = await toApproval(900);
    const noReason = await service.post(`/api/tasks/${(await h.task(id, 'ApproveCompensation')).id}/complete`, { variables: { approved: false } });
    expect(noReason.status).toBe(422);
    await h.complete(service, id, 'ApproveCompensation', { approved: false, approvalNote: 'Warranty covers a repair, not a refund' });
    expect((await h.detail(id)).activeElementIds).toEqual(['WriteAnswer']);
    await answer(id);
    expect(await h.completed(id)).not.toContain('ApproveFinance');
  });

  it('above 500 EUR, declined by finance', async () => {
    const id = await toApproval(5000);
    await h.complete(service, id, 'ApproveCompensation', { approved: true });
    await h.complete(finance, id, 'ApproveFinance', { approved: false, approvalNote: 'Above the goodwill budget' });
    await answer(id);
    const d = await h.detail(id);
    expect(d).toMatchObject({ status: 'completed', variables: { approved: false, approvalNote: 'Above the goodwill budget' } });
  });
});
