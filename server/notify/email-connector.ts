/**
 * The inline e-mail connector (job type "email"): writes the mail to the outbox in the trigger's
 * transaction. With PUBLIC_URL a mail to the requester alone ends with the link to their request.
 * Registered on the engine as an inline connector port (server/engine-wiring.ts).
 */
import { ConnectorError, field } from '../engine/connectors/registry';
import type { InlineConnector } from '../engine/runtime/ports';
import { processMailFooter } from './mail-links';
import { withLinkLine } from './messages';
import { insertOutbox } from './mail-thread';

export const emailConnector: InlineConnector = async (tx, job, { publicUrl }) => {
  const to = field(job, 'to');
  const recipients = (Array.isArray(to) ? to : String(to ?? '').split(',')).map((s) => String(s).trim()).filter(Boolean);
  if (recipients.length === 0) throw new ConnectorError('email: no recipient ("to" header)', false);
  const subject = String(field(job, 'subject') ?? '');
  const body = String(field(job, 'body') ?? '');
  const footer = publicUrl ? await processMailFooter(tx, job.instanceId, recipients, publicUrl) : null;
  await insertOutbox(tx, [{ recipients, subject, body: withLinkLine(body, footer), instance_id: job.instanceId }]);
  return {};
};
