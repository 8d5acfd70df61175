/**
 * A mail's attachments become the request's attachments, through the same checks as a portal
 * upload (size, allowed type sniffed from the first bytes: server/forms/files.ts). What is refused
 * is returned by name, for the note to the mailbox owners.
 */
import type { Queryable } from '../db/types';
import type { Principal } from '../auth/principal';
import { HttpError } from '../errors';
import { storeFile } from '../forms';
import { MAX_MAIL_ATTACHMENTS } from '../../common/limits';
import type { InboundAttachment } from './parse';

/** Stores and links the attachments; returns "name (why)" for each one left out. */
export async function storeAttachments(tx: Queryable, uploader: Principal, attachments: InboundAttachment[], instanceId: string): Promise<string[]> {
  const left: string[] = [];
  for (const [i, a] of attachments.entries()) {
    if (i >= MAX_MAIL_ATTACHMENTS) {
      left.push(`${a.filename} (more than ${MAX_MAIL_ATTACHMENTS} attachments)`);
      continue;
    }
    try {
      // A savepoint, so that a refused file does not spoil the transaction on PostgreSQL.
      await tx.query('SAVEPOINT mail_attachment');
      const stored = await storeFile(tx, { name: a.filename, type: a.contentType, bytes: new Uint8Array(a.content) }, uploader);
      await tx.query('UPDATE files SET instance_id = $2 WHERE id = $1', [stored.id, instanceId]);
      await tx.query('RELEASE SAVEPOINT mail_attachment');
    } catch (err) {
      if (!(err instanceof HttpError)) throw err;
      await tx.query('ROLLBACK TO SAVEPOINT mail_attachment');
      left.push(`${a.filename} (${a.contentType}: ${err.errors?.[0]?.message ?? err.message})`);
    }
  }
  return left;
}
