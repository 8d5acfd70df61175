/**
 * Service-task types with a built-in connector. The modeller offers them and the deploy check
 * accepts them; every other type is served by an external job worker.
 * Inline connectors do no network I/O and complete inside the trigger's transaction.
 */
export const INLINE_CONNECTORS = new Set(['noop', 'set', 'log', 'email', 'problem']);
export const HTTP_TYPES = new Set(['http', 'io.camunda:http-json:1']);
/** Run by the job worker outside any transaction (server/engine-wiring.ts registers them). */
export const WORKER_CONNECTORS = new Set(['document', 'personnel-data', 'absence']);
export const BUILT_IN_TYPES = new Set([...INLINE_CONNECTORS, ...HTTP_TYPES, ...WORKER_CONNECTORS]);
/**
 * FEEL functions Camunda's connector runtime adds for a connector's `errorExpression` header
 * (server/engine/connectors/outcome.ts): a deploy check for unknown FEEL functions must let them pass there.
 */
export const CONNECTOR_FEEL_FUNCTION_NAMES = ['bpmnError', 'jobError'] as const;
