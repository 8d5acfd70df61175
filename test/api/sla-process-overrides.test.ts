import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dbTargets } from '../support/db';
import { seededApp, type Client } from '../support/api';
import { processDeployment } from '../support/processes';

/** #18 point 7: the SLA page learns which processes' own esm:sla targets override the department policy. */
describe.each(dbTargets())('processes that override the SLA policy ($name)', (target) => {
  let dispose: () => Promise<void>;
  let owner: Client;
  let itId: string;
  const template = processDeployment('it-equipment-request');
  const noModelSla = { ...template, xml: template.xml.replace(/<esm:sla [^>]*\/>/, '').replace('id="it-equipment-request"', 'id="it-policy-request"') };

  beforeAll(async () => {
    const opened = await target.open();
    dispose = opened.dispose;
    const ctx = await seededApp(opened.db, () => new Date('2026-03-09T08:00:00Z'));
    owner = await ctx.as('owner.it@lotse.demo');
    itId = (await owner.get('/api/departments')).body.items.find((d: { key: string }) => d.key === 'it').id;
    for (const dep of [template, noModelSla]) expect((await owner.post('/api/deployments', dep)).status).toBe(201);
  });
  afterAll(() => dispose());

  it('lists the process with its own targets, not the one that follows the policy', async () => {
    const sla = (await owner.get(`/api/sla/departments/${itId}`)).body;
    expect(sla.processes).toEqual([{ key: 'it-equipment-request', name: expect.any(String), version: 1, responseTime: 'PT4H', resolutionTime: 'P3D', calendar: null }]);
  });

  it('follows the newest version: a version without esm:sla drops out of the list', async () => {
    const xml = template.xml.replace(/<esm:sla [^>]*\/>/, '');
    expect((await owner.post('/api/deployments', { ...template, xml })).status).toBe(201);
    expect((await owner.get(`/api/sla/departments/${itId}`)).body.processes).toEqual([]);
  });
});
