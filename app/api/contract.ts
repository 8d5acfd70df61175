/**
 * The server's shapes the app reads, straight from the server code: the ONLY app file that may
 * import from server/, and only types (`export type`), so no server code reaches the bundle.
 * Code both sides run (FEEL, time, form types and validation, task and link rules, lint rules,
 * connector type names) lives in common/ and is imported from there directly.
 */
export type { DirectoryPerson } from '../../server/accounts/directory';
export type { CamundaImport } from '../../server/forms/camunda';
export type { cycleTimes, escalations, overview, slaReport, steps, variants } from '../../server/insights/kpis';
export type { datasetMap, datasetSummary, ImportReport, ImportRequest, listDatasets } from '../../server/insights/datasets';
export type { diagramFor, insightProcesses } from '../../server/insights/processes';
export type { InsightFilter } from '../../server/insights/scope';
export type { RowProblem } from '../../common/eventlog';
export type { KeyKind, KeyTransfer, OwnedKey, TransferInput, transferKey } from '../../server/accounts/key-owners';
export type { FormSummary, StoredForm } from '../../server/forms/store';
export type { SecretSummary } from '../../server/secrets/store';
export type { MailboxInput, MailboxView } from '../../server/mail-inbound/mailboxes';
export type { requestMails } from '../../server/mail-inbound/request-mails';
export type { channels } from '../../server/insights/channels';
export type { listProblems, problemDetail, problemKpis, recurringIncidents, ProblemView } from '../../server/problems';
