/** Who reads a request's internal notes (requests/comments.ts, the request view, live notices). */
import { hasRole, isAdmin, type Principal } from './principal';

/** The requester of a request: who started it, or whose e-mail is its `initiator`. */
export function isRequesterOf(p: Principal, req: { startedById: string | null; initiator: string | null }): boolean {
  return (!!req.startedById && req.startedById === p.id) || (!!req.initiator && req.initiator.toLowerCase() === p.email.toLowerCase());
}

/**
 * Reads and writes internal notes: agents, process owners and admins who can see the request and
 * are not its requester (an agent's own request is a requester's view for them too).
 */
export function seesInternalNotes(p: Principal, req: { startedById: string | null; initiator: string | null }): boolean {
  return (isAdmin(p) || hasRole(p, 'agent') || hasRole(p, 'owner')) && !isRequesterOf(p, req);
}
