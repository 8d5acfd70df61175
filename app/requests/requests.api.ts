import type { FieldDescription } from '../../common/forms/describe';
import { api } from '../api/client';

const id = (value: string) => encodeURIComponent(value);

/** Highest first: the order every list and select shows them in. */
export const PRIORITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof PRIORITIES)[number];

export type SlaState = 'on_time' | 'at_risk' | 'breached';

/** One SLA clock as the request detail and the task list show it. */
export interface SlaClock {
  target?: 'response' | 'resolution' | 'step';
  dueAt: string;
  state: SlaState;
  paused?: boolean;
  stopped?: boolean;
}

export type RequestStatus = 'active' | 'completed' | 'terminated' | 'failed';

export interface RequestTask {
  id: string;
  elementId: string;
  name: string | null;
  /** German name (esm:nameDe), if the model has one. */
  nameDe?: string | null;
  status: string;
  assignee: string | null;
  candidateGroups: string[] | null;
  dueAt: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface HistoryEvent {
  id: number;
  kind: string;
  elementId: string | null;
  elementType: string | null;
  time: string;
  actor: string | null;
  data: Record<string, unknown> | null;
}

export interface RequestComment {
  id: string;
  author: { id: string; name: string } | null;
  text: string;
  /** An internal note: only agents, owners and admins see it, never the requester. */
  internal?: boolean;
  attachments?: { id: string; name: string; size: number; contentType: string }[];
  createdAt: string;
}

/** What a new comment carries: text, public or internal, files uploaded before. */
export interface NewComment {
  text: string;
  internal?: boolean;
  attachments?: string[];
}

export interface Attachment {
  id: string;
  name: string;
  size: number;
  contentType: string;
  createdAt: string;
}

/** One request with its steps, history and conversation. */
export interface RequestDetail {
  id: string;
  processKey: string;
  processName: string | null;
  /** The service's catalog titles (default/English and German), null when none. */
  serviceTitle?: string | null;
  serviceTitleDe?: string | null;
  version: number;
  definitionId: string;
  reference: string | null;
  status: RequestStatus;
  variables: Record<string, unknown>;
  /** Per variable: the label, kind and option labels of the form field that asked for it. */
  fields?: Record<string, FieldDescription>;
  activeElementIds: string[];
  startedBy: { id: string; name: string; email: string } | null;
  startedAt: string;
  endedAt: string | null;
  tasks: RequestTask[];
  incidents: unknown[];
  history: HistoryEvent[];
  comments?: RequestComment[];
  attachments?: Attachment[];
  /** May this reader see and write internal notes (agents, owners, admins; never the requester)? */
  internalNotes?: boolean;
  rating?: { score: number; comment: string | null } | null;
  sla?: (SlaClock & { state: SlaState }) | null;
  slaClocks?: SlaClock[];
  priority?: Priority | null;
  canCancel?: boolean;
  /** Where the request came in: the portal or a department mailbox (requests by e-mail). */
  channel?: 'portal' | 'mail';
}

/** An original mail of a request: the headers worth showing and its text (never HTML). */
export interface RequestMail {
  id: string;
  sender: string;
  subject: string;
  receivedAt: string;
  outcome: string;
  headers: Record<string, string>;
  text: string;
  mailbox: string;
}

/** One request as the requester (portal) and the agents (tasks) see it, and what both do on it. */
export const requestsApi = {
  get: (requestId: string) => api.get<RequestDetail>(`/api/process-instances/${id(requestId)}`),
  comment: (requestId: string, comment: NewComment) => api.post<RequestComment>(`/api/process-instances/${id(requestId)}/comments`, comment),
  /** Agents, owners and admins change a request's priority; the answer is the request detail. */
  /** The mails taken in on this request (requests by e-mail). */
  mails: (requestId: string) => api.get<{ items: RequestMail[] }>(`/api/request-mails/${id(requestId)}`),
  changePriority: (instanceId: string, priority: Priority) => api.post<RequestDetail>(`/api/process-instances/${id(instanceId)}/priority`, { priority }),
};
