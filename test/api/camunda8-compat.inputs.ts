/**
 * What a model needs from the outside to run (test/fixtures/camunda8/<source>/<file>): start
 * variables, user-task, job and message results, taken from its own project's tests where they
 * exist (named in the comment), else the least that its conditions and correlation keys read.
 */
import type { CompatInputs } from '../support/camunda8-driver';

/** camunda-8-js-sdk tests start the conditional-pathway family with conditionVariable true or false. */
const conditional: CompatInputs = { start: { conditionVariable: true } };
/** Worker-Failure2/3 and LongPoll wait for a message keyed by `none`, which the SDK tests never send. */
const train: CompatInputs = { start: { none: 'train-1' } };

/** bpmn-driven-testing's integration tests (integration-tests-8) start the multi-instance models with elements = [1, 2, 3]. */
const elements: CompatInputs = { start: { elements: [1, 2, 3] } };
/** bpmn-driven-testing simulates the called process "advanced"; the project does not ship it. */
const simulatedCall: CompatInputs = { notRunnable: 'calls process "advanced", which bpmn-driven-testing simulates and does not ship' };

export const inputs: Record<string, CompatInputs> = {
  // The JS client's test starts it with the job type its threaded worker polls (type="=jobType").
  'orchestration-cluster-api-js/threaded-job-process.bpmn': { start: { jobType: 'threaded-job' } },
  // retries="0": Camunda 8 raises an incident when the job is made, as the file's name says.
  'c8ctl/simple-will-create-incident.bpmn': { notRunnable: 'retries="0" makes an incident at once in Camunda 8 too' },
  'bpmn-driven-testing/parallel.bpmn': elements,
  'bpmn-driven-testing/sequential.bpmn': elements,
  'bpmn-driven-testing/scopeParallel.bpmn': { ...elements, ...simulatedCall },
  'bpmn-driven-testing/scopeSequential.bpmn': { ...elements, ...simulatedCall },
  'bpmn-driven-testing/scopeZero.bpmn': { start: { elements: [] } },
  'bpmn-driven-testing/scopeErrorEndEvent.bpmn': { start: { elements: [1, 2, 3], error: false } },
  'bpmn-driven-testing/scopeNested.bpmn': { start: { elements: [1, 2], nestedElements: [1, 2] } },
  'bpmn-driven-testing/userTaskError.bpmn': elements,
  'bpmn-driven-testing/userTaskMessage.bpmn': elements,
  'bpmn-driven-testing/userTaskSignal.bpmn': elements,
  'bpmn-driven-testing/userTaskTimer.bpmn': elements,
  // CallActivitySubProcessTest / WithoutSimulationTest: end = "none" | "error" | "escalation" | …
  'bpmn-driven-testing/callActivitySubProcess.bpmn': { start: { end: 'none' } },
  'bpmn-driven-testing/callActivityWithoutSimulation.bpmn': { start: { end: 'none' } },
  // LinkEventTest takes one link with forkA or forkB true and stops at its catch event (taking it again loops for ever).
  'bpmn-driven-testing/linkEvent.bpmn': { start: { forkA: false, forkB: false } },
  'bpmn-driven-testing/callActivityBindingDeployment.bpmn': simulatedCall,
  'bpmn-driven-testing/callActivityBindingVersionTag.bpmn': simulatedCall,
  'bpmn-driven-testing/callActivityError.bpmn': simulatedCall,
  'bpmn-driven-testing/callActivityEscalation.bpmn': simulatedCall,
  'bpmn-driven-testing/callActivityMessage.bpmn': simulatedCall,
  'bpmn-driven-testing/callActivitySignal.bpmn': simulatedCall,
  'bpmn-driven-testing/callActivityTimer.bpmn': simulatedCall,
  // c8ctl tests/e2e/smoke-test.sh: create pi with {"orderId":"1a"}, publish msg_1 with correlationKey 1a.
  'c8ctl/simple-message-correlation.bpmn': { start: { orderId: '1a' } },
  // orchestration-cluster-api-js tests-integration/methods/correlateMessage.test.ts sets testMessageCorrelationField.
  'orchestration-cluster-api-js/message-test.bpmn': { start: { testMessageCorrelationField: 'corr-1' } },
  // What its two forms ask: Enter Data (movieName, rating), Approve or Reject (select approved: yes/no).
  'simple-approval-example/enter-and-approve.bpmn': { tasks: { Activity_0kyf3yz: { movieName: 'Alien', rating: 5 }, Activity_0ogmreq: { approved: 'yes' } } },
  'camunda-7-to-8-migration/converted-c8-payment_process.bpmn': { start: { orderTotal: 50, customerCredit: 100 } },
  'camunda-7-to-8-migration/process.bpmn': { start: { x: 7 } },
  // zeebe-play's demo button starts it with captain and ship; the Load cargo form (checklist) sets cargo.
  'zeebe-play/solos-transport-process.bpmn': { start: { captain: 'Han Solo', ship: 'Millennium Falcon' }, tasks: { Activity_1vjd2np: { cargo: ['passengers', 'water'] } } },
  'zeebe-cherry-runtime/LoadTest.bpmn': { start: { listOfColors: ['red', 'green'] } },
  'camunda-8-js-sdk/Client-DeployWorkflow.bpmn': { start: { uniqueId: 'compat-1' } },
  'camunda-8-js-sdk/Worker-Failure-Backoff.bpmn': conditional,
  'camunda-8-js-sdk/Worker-Failure1.bpmn': conditional,
  'camunda-8-js-sdk/Worker-RaiseIncident.bpmn': conditional,
  'camunda-8-js-sdk/conditional-pathway.bpmn': conditional,
  'camunda-8-js-sdk/Worker-Failure2.bpmn': train,
  'camunda-8-js-sdk/Worker-Failure3.bpmn': train,
  'camunda-8-js-sdk/Worker-LongPoll.bpmn': train,
  // src/__tests__: the tests start with orderId / correlationId and publish the message with it.
  'camunda-8-js-sdk/message-correlation-test.bpmn': { start: { orderId: 'order-1' } },
  'camunda-8-js-sdk/rest-message-test.bpmn': { start: { correlationId: 'corr-1' } },
  // Two service tasks around two 10-second timers, looping back to the first one.
  'camunda-8-js-sdk/connector_test.bpmn': { endless: 'loops back through two timers' },
  // camunda-process-test-coverage's OrderProcessTest completes Task_ProcessOrder with orderOk.
  'camunda-process-test-coverage/order-process.bpmn': { tasks: { Task_ProcessOrder: { orderOk: true } } },
  // zeebe-process-test qa: the loop runs until loopAmount reaches totalLoops.
  'zeebe-process-test/looping-servicetask.bpmn': { start: { totalLoops: 3 } },
  'zeebe-process-test/message-event.bpmn': { start: { correlationKey: 'key-1' } },
  // PullRequestProcessTest: prCreated with prId "123", then reviewReceived with reviewResult "approved".
  'zeebe-process-test/pr-created.bpmn': { start: { prId: '123' }, messages: { reviewReceived: { reviewResult: 'approved' } } },
  // zeebe-simple-monitor's test starts the order with totalPrice.
  'zeebe-simple-monitor/ship-parcel.bpmn': { start: { totalPrice: 120 } },
};
