import { describe, it, expect } from 'vitest';
import { harness, DeployError } from './harness.js';
import { fixture } from './fixtures.js';

type Engine = Awaited<ReturnType<typeof harness>>;

async function deployed(): Promise<Engine> {
  const e = await harness();
  await e.deploy(fixture('compensation.bpmn'));
  return e;
}
const startedIds = async (e: Engine, i: string) => (await e.history(i)).filter((h) => h.kind === 'element_started').map((h) => h.elementId);
const openWork = async (e: Engine, i: string) => [...(await e.jobs(i)).map((j) => j.elementId), ...(await e.tasks(i)).map((t) => t.elementId)].sort();

describe('compensation', () => {
  it('given two completed bookings, when the trip is not confirmed, then both are undone at once, newest first, and the throw event waits for them', async () => {
    const e = await deployed();
    const i = await e.start('comp-trip');
    await e.completeJob(i, 'BookHotel');
    await e.completeJob(i, 'BookFlight');
    await e.completeTask(i, 'Confirm', { confirmed: false });
    expect(await openWork(e, i)).toEqual(['CancelFlight', 'CancelHotel']);
    expect(await e.activeElements(i)).toEqual(['CancelFlight', 'CancelHotel', 'UndoTrip']);
    const started = await startedIds(e, i);
    expect(started.indexOf('CancelFlight')).toBeLessThan(started.indexOf('CancelHotel'));
    expect(started).toEqual(expect.arrayContaining(['FlightComp', 'HotelComp']));

    await e.completeTask(i, 'CancelFlight');
    expect(await e.activeElements(i)).toEqual(['CancelHotel', 'UndoTrip']);
    await e.completeJob(i, 'CancelHotel');
    expect(await e.activeElements(i)).toEqual(['InformTraveller']);
    await e.completeTask(i, 'InformTraveller');
    expect(await e.status(i)).toBe('completed');
  });

  it('given a confirmed trip, then no compensation handler runs', async () => {
    const e = await deployed();
    const i = await e.start('comp-trip');
    await e.completeJob(i, 'BookHotel');
    await e.completeJob(i, 'BookFlight');
    await e.completeTask(i, 'Confirm', { confirmed: true });
    expect(await e.status(i)).toBe('completed');
    expect(await startedIds(e, i)).not.toContain('CancelHotel');
  });

  it('given an activity that is still active, when compensation is thrown, then only the completed activity is compensated', async () => {
    const e = await deployed();
    const i = await e.start('comp-active');
    await e.completeJob(i, 'Charge');
    expect(await openWork(e, i)).toEqual(['Refund', 'Reserve']);
    await e.completeJob(i, 'Refund');
    expect(await e.activeElements(i)).toEqual(['Reserve']);
    await e.completeTask(i, 'Reserve');
    expect(await e.status(i)).toBe('completed');
    expect(await startedIds(e, i)).not.toContain('Release');
  });

  it('given compensation throw events with activityRef, then each compensates only its activity, in the modelled order', async () => {
    const e = await deployed();
    const i = await e.start('comp-ref');
    expect(await openWork(e, i)).toEqual(['Recall']);
    expect(await e.activeElements(i)).toEqual(['Recall', 'UndoShip']);
    await e.completeTask(i, 'Recall');
    expect(await openWork(e, i)).toEqual(['Unpack']);
    expect(await e.activeElements(i)).toEqual(['UndoPack', 'Unpack']);
    await e.completeTask(i, 'Unpack');
    expect(await e.status(i)).toBe('completed');
  });

  it('given a completed sub-process, when compensation is thrown outside it, then the handlers inside it run too', async () => {
    const e = await deployed();
    const i = await e.start('comp-sub');
    await e.completeTask(i, 'Drive', { broken: false });
    await e.completeTask(i, 'Accept', { accepted: false });
    expect(await openWork(e, i)).toEqual(['CancelOrder', 'UnloadTruck']);
    const started = await startedIds(e, i);
    expect(started.indexOf('UnloadTruck')).toBeLessThan(started.indexOf('CancelOrder'));
    await e.completeTask(i, 'UnloadTruck');
    expect(await e.status(i)).toBe('active');
    await e.completeTask(i, 'CancelOrder');
    expect(await e.status(i)).toBe('completed');
  });

  it('given a compensation throw inside a sub-process, then it compensates only inside, and what it compensated is not compensated again', async () => {
    const e = await deployed();
    const i = await e.start('comp-sub');
    await e.completeTask(i, 'Drive', { broken: true });
    expect(await openWork(e, i)).toEqual(['UnloadTruck']);
    await e.completeTask(i, 'UnloadTruck');
    await e.completeTask(i, 'Accept', { accepted: false });
    expect(await openWork(e, i)).toEqual(['CancelOrder']);
    await e.completeTask(i, 'CancelOrder');
    expect(await e.status(i)).toBe('completed');
  });

  it('given a multi-instance activity, then its compensation handler runs once, after all instances completed', async () => {
    const e = await deployed();
    const i = await e.start('comp-mi', { recipients: ['a', 'b', 'c'] });
    for (let n = 0; n < 3; n++) await e.completeJob(i, 'Notify');
    expect(await openWork(e, i)).toEqual(['Retract']);
    await e.completeJob(i, 'Retract');
    expect(await e.status(i)).toBe('completed');
  });

  it('given a saga whose payment fails, when the error event sub-process throws compensation, then the booking made before is cancelled with its input mapping', async () => {
    const e = await deployed();
    const i = await e.start('comp-saga');
    await e.completeJob(i, 'Book', { bookingId: 'B-17' });
    await e.throwJobError(i, 'Pay', 'PAYMENT_FAILED');
    const [job] = await e.jobs(i);
    expect(job).toMatchObject({ elementId: 'CancelBooking', type: 'cancel-booking' });
    expect(job.variables.booking).toBe('B-17');
    expect(await e.activeElements(i)).toEqual(['CancelBooking', 'OnPaymentFailed', 'UndoBooking']);
    await e.completeJob(i, 'CancelBooking');
    expect(await e.status(i)).toBe('completed');
  });

  it('given a payment that succeeds, then the saga completes and the booking stays', async () => {
    const e = await deployed();
    const i = await e.start('comp-saga');
    await e.completeJob(i, 'Book', { bookingId: 'B-18' });
    await e.completeJob(i, 'Pay');
    expect(await e.status(i)).toBe('completed');
    expect(await startedIds(e, i)).not.toContain('CancelBooking');
  });

  it('given an activity that completed twice in a loop, then its handler runs twice', async () => {
    const e = await deployed();
    const i = await e.start('comp-loop');
    await e.completeJob(i, 'Attempt', { again: true });
    await e.completeJob(i, 'Attempt', { again: false });
    expect(await openWork(e, i)).toEqual(['UndoAttempt', 'UndoAttempt']);
    await e.completeJob(i, 'UndoAttempt');
    expect(await e.status(i)).toBe('active');
    await e.completeJob(i, 'UndoAttempt');
    expect(await e.status(i)).toBe('completed');
  });

  it('given a sub-process that was interrupted, when compensation is thrown, then what completed inside it is not compensated', async () => {
    const e = await deployed();
    const i = await e.start('comp-interrupted');
    expect(await e.activeElements(i)).toEqual(['Pick', 'Stock']);
    await e.advance('PT1H');
    expect(await e.status(i)).toBe('completed');
    expect(await startedIds(e, i)).not.toContain('Unreserve2');
  });

  it('given an embedded sub-process as compensation handler, then the throw event waits until the whole sub-process completed', async () => {
    const e = await deployed();
    const i = await e.start('comp-sub-handler');
    expect(await e.activeElements(i)).toEqual(['Deprovision', 'RevokeAccess', 'ShUndo']);
    await e.completeTask(i, 'RevokeAccess');
    expect(await e.activeElements(i)).toEqual(['DeleteAccount', 'Deprovision', 'ShUndo']);
    await e.completeTask(i, 'DeleteAccount');
    expect(await e.activeElements(i)).toEqual(['ShAfter']);
  });

  it('given running compensation handlers, when the instance is cancelled, then their jobs and tasks are cancelled too', async () => {
    const e = await deployed();
    const i = await e.start('comp-trip');
    await e.completeJob(i, 'BookHotel');
    await e.completeJob(i, 'BookFlight');
    await e.completeTask(i, 'Confirm', { confirmed: false });
    await e.cancel(i);
    expect(await e.status(i)).toBe('terminated');
    expect(await e.jobs(i)).toEqual([]);
    expect(await e.tasks(i)).toEqual([]);
  });
});

describe('compensation: a public Camunda 8 example (NPDeehan/Compensation-Example-Camunda8, unchanged)', () => {
  const applicant = { fullName: 'Ada', email: 'ada@example.org', reasonsForAdoption: 'likes birds' };

  it('given an applicant on Slack who is rejected, then the Slack message and the e-mail are both compensated and the process ends', async () => {
    const e = await harness();
    await e.deploy(fixture('hawk-adoption-compensation.bpmn'));
    const i = await e.start('HawkAdoptionProcess', { ...applicant, isPartOfAdoptionChannel: true });
    expect((await e.jobs(i)).map((j) => j.type).sort()).toEqual(['io.camunda:sendgrid:1', 'io.camunda:slack:1']);
    await e.completeJob(i, 'Activity_0zf1sia');
    await e.completeJob(i, 'Activity_0uygb1f');
    await e.completeTask(i, 'Activity_0dw4bu5', { adoptionApproved: 'no', rejectReason: 'no hawks left' });
    const jobs = await e.jobs(i);
    expect(jobs.map((j) => j.elementId).sort()).toEqual(['Activity_1v0q4sv', 'Activity_1y1e834']);
    // The handler's input mappings see the variables of the throw event's scope (the reject reason).
    expect(JSON.stringify(jobs.find((j) => j.elementId === 'Activity_1v0q4sv')!.variables)).toContain('Sorry, Ada you cannot get a hawk. Because no hawks left');
    await e.completeJob(i, 'Activity_1v0q4sv');
    await e.completeJob(i, 'Activity_1y1e834');
    expect(await e.status(i)).toBe('completed');
    expect((await e.history(i)).some((h) => h.elementId === 'Event_1549lkv' && h.kind === 'element_completed')).toBe(true);
  });

  it('given an applicant not on Slack who is rejected, then only the e-mail is compensated', async () => {
    const e = await harness();
    await e.deploy(fixture('hawk-adoption-compensation.bpmn'));
    const i = await e.start('HawkAdoptionProcess', { ...applicant, isPartOfAdoptionChannel: false });
    await e.completeJob(i, 'Activity_0uygb1f');
    await e.completeTask(i, 'Activity_0dw4bu5', { adoptionApproved: 'no', rejectReason: 'no hawks left' });
    expect((await e.jobs(i)).map((j) => j.elementId)).toEqual(['Activity_1y1e834']);
    await e.completeJob(i, 'Activity_1y1e834');
    expect(await e.status(i)).toBe('completed');
  });
});

describe('compensation: refused models', () => {
  const refused = async (xml: string) => {
    const e = await harness();
    try {
      await e.deploy(xml);
    } catch (err) {
      if (err instanceof DeployError) return err.errors;
      throw err;
    }
    throw new Error('deploy was not refused');
  };
  const base = fixture('compensation.bpmn');

  it('given a compensation boundary event without a handler, then the deploy names it', async () => {
    const errors = await refused(base.replace('<bpmn:association id="HotelAssoc" associationDirection="One" sourceRef="HotelComp" targetRef="CancelHotel" />', ''));
    expect(errors).toEqual(expect.arrayContaining([
      expect.objectContaining({ elementId: 'HotelComp', message: expect.stringContaining('compensation handler') }),
      expect.objectContaining({ elementId: 'CancelHotel', message: expect.stringContaining('not associated') }),
    ]));
  });

  it('given an activityRef to an activity in another scope, then the deploy names the throw event', async () => {
    const errors = await refused(base.replace('<bpmn:endEvent id="UndoAll"><bpmn:compensateEventDefinition />', '<bpmn:endEvent id="UndoAll"><bpmn:compensateEventDefinition activityRef="Truck" />'));
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ elementId: 'UndoAll', message: expect.stringContaining('same scope') })]));
  });

  it('given a compensation event sub-process, then it is refused as Camunda 8 refuses it', async () => {
    const errors = await refused(base.replace('<bpmn:startEvent id="PaymentFailed"><bpmn:errorEventDefinition errorRef="ErrPayment" /></bpmn:startEvent>', '<bpmn:startEvent id="PaymentFailed"><bpmn:compensateEventDefinition /></bpmn:startEvent>'));
    expect(errors).toEqual(expect.arrayContaining([expect.objectContaining({ elementId: 'PaymentFailed', message: expect.stringContaining('Camunda 8') })]));
  });
});
