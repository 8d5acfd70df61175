import { describe, it, expect } from 'vitest';
import { harness } from './harness.js';
import { fixture } from './fixtures.js';

describe('message throw and end events as jobs; job definitions as FEEL (Camunda 8)', () => {
  it('given message events with zeebe:taskDefinition and no message, then they deploy and each waits for its job', async () => {
    const e = await harness();
    await e.deploy(fixture('message-jobs.bpmn'));
    const i = await e.start('order-messages', { email: 'ann@example.com', channel: 'mail', validateDataType: 'validate-order', maxRetries: 2 });

    const [notify] = await e.jobs(i);
    expect(notify).toMatchObject({ elementId: 'NotifyCustomer', type: 'notify-customer', retries: 3 });
    // task headers are static in Camunda 8: handed over as written, not evaluated
    expect(notify.headers).toEqual({ template: 'order-received', to: '=email' });
    expect(await e.activeElements(i)).toEqual(['NotifyCustomer']);
    await e.completeJob(i, 'NotifyCustomer', { notifiedAt: '2025-01-06' });

    // type and retries given as FEEL are evaluated when the job is created
    const [validate] = await e.jobs(i);
    expect(validate).toMatchObject({ elementId: 'ValidateData', type: 'validate-order', retries: 2 });
    await e.completeJob(i, 'ValidateData', { valid: true });

    const [confirm] = await e.jobs(i);
    expect(confirm).toMatchObject({ elementId: 'ConfirmOrder', type: 'confirm-mail', retries: 3 });
    expect(await e.status(i)).toBe('active');
    await e.completeJob(i, 'ConfirmOrder', { confirmed: true });
    expect(await e.status(i)).toBe('completed');
    expect(await e.variables(i)).toMatchObject({ notifiedAt: '2025-01-06', valid: true, confirmed: true });
  });

  it('given a FEEL job type that is not a string, then an incident names the element, and a retry with the variable creates the job', async () => {
    const e = await harness();
    await e.deploy(fixture('message-jobs.bpmn'));
    const i = await e.start('order-messages', { channel: 'mail', maxRetries: 2 });
    await e.completeJob(i, 'NotifyCustomer');

    const [incident] = await e.incidents(i);
    expect(incident.elementId).toBe('ValidateData');
    expect(incident.message).toContain('must be a non-empty string, got null');
    expect(await e.jobs(i)).toEqual([]);

    await e.retryIncident(i, incident.id, { validateDataType: 'validate-order' });
    expect(await e.incidents(i)).toEqual([]);
    expect((await e.jobs(i)).map((j) => j.type)).toEqual(['validate-order']);
  });

  it('given FEEL retries that are not a whole number, then the element gets an incident instead of a default', async () => {
    const e = await harness();
    await e.deploy(fixture('message-jobs.bpmn'));
    const i = await e.start('order-messages', { channel: 'mail', validateDataType: 'validate-order', maxRetries: 'many' });
    await e.completeJob(i, 'NotifyCustomer');
    const [incident] = await e.incidents(i);
    expect(incident).toMatchObject({ elementId: 'ValidateData' });
    expect(incident.message).toContain('retries');
  });

  it('given retries="0", then the model deploys and the job is an incident at once, as in Camunda 8', async () => {
    const e = await harness();
    await e.deploy(fixture('message-jobs.bpmn').replace('retries="3"', 'retries="0"'));
    const i = await e.start('order-messages', { channel: 'mail', validateDataType: 'validate-order' });
    const [incident] = await e.incidents(i);
    expect(incident).toMatchObject({ elementId: 'NotifyCustomer' });
    expect(incident.message).toContain('no retries left');
    expect(await e.jobs(i)).toEqual([]);
  });

  it('given a message catch event without a message, or literal retries that are no whole number, then the deploy is refused by element id', async () => {
    const e = await harness();
    const catchWithoutName = fixture('message-jobs.bpmn').replace(
      '<bpmn:sequenceFlow id="f2" sourceRef="NotifyCustomer" targetRef="ValidateData" />',
      '<bpmn:sequenceFlow id="f2" sourceRef="NotifyCustomer" targetRef="WaitReply" /><bpmn:intermediateCatchEvent id="WaitReply"><bpmn:messageEventDefinition id="WaitReplyMessage" /></bpmn:intermediateCatchEvent><bpmn:sequenceFlow id="f2b" sourceRef="WaitReply" targetRef="ValidateData" />',
    );
    await expect(e.deploy(catchWithoutName)).rejects.toMatchObject({ errors: expect.arrayContaining([expect.objectContaining({ elementId: 'WaitReply', message: 'message event without a message name' })]) });
    const badRetries = fixture('message-jobs.bpmn').replace('retries="3"', 'retries="three"');
    await expect(e.deploy(badRetries)).rejects.toMatchObject({ errors: expect.arrayContaining([expect.objectContaining({ elementId: 'NotifyCustomer', message: expect.stringContaining("job retries 'three'") })]) });
  });
});
