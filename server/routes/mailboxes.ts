import { Hono } from 'hono';
import mailboxSchema from '../../schemas/api/mailbox.json';
import { mailInboundOf } from '../config';
import { access, principalOf } from '../http/access';
import { readBody } from '../http/body';
import type { AppEnv } from '../http/context';
import { isUuid } from '../http/params';
import { checkMailboxOnce, createMailbox, deleteMailbox, listInboundMails, listMailboxes, loadMailbox, requestMails, testMailbox, updateMailbox, type MailboxInput } from '../mail-inbound';
import type { Deps } from './deps';

const admin = access(['admin']);

/** Department mailboxes (mounted at /api/admin/mailboxes; admins only). The password is write-only. */
export function mailboxRoutes({ db, config, engine, log }: Deps) {
  const settings = () => mailInboundOf(config);
  return new Hono<AppEnv>()
    .get('/', admin, async (c) => c.json({ items: await listMailboxes(db) }))
    .post('/', admin, async (c) => c.json(await createMailbox(db, settings().key, await readBody<MailboxInput>(c, mailboxSchema)), 201))
    .patch('/:id', admin, async (c) => {
      const body = await readBody<MailboxInput>(c, mailboxSchema);
      return c.json(await updateMailbox(db, settings().key, isUuid(c.req.param('id'), 'Mailbox'), body));
    })
    .delete('/:id', admin, async (c) => {
      await deleteMailbox(db, isUuid(c.req.param('id'), 'Mailbox'));
      return c.body(null, 204);
    })
    .post('/:id/test', admin, async (c) => {
      const mailbox = await loadMailbox(db, isUuid(c.req.param('id'), 'Mailbox'));
      return c.json(await testMailbox(mailbox, settings().key, settings().ca));
    })
    // "Check now": takes in the unseen mails at once instead of waiting for the next check.
    .post('/:id/check', admin, async (c) => {
      const mailbox = await loadMailbox(db, isUuid(c.req.param('id'), 'Mailbox'));
      try {
        const results = await checkMailboxOnce({ engine, settings: settings(), publicUrl: config.publicUrl }, mailbox, log);
        return c.json({ ok: true, taken: results.filter((r) => !r.duplicate).length, results });
      } catch (err) {
        return c.json({ ok: false, error: String((err as Error)?.message ?? err) });
      }
    })
    .get('/:id/mails', admin, async (c) => c.json({ items: await listInboundMails(db, isUuid(c.req.param('id'), 'Mailbox')) }));
}

/** The original mails of a request (mounted at /api/request-mails): whoever may see the request. */
export function requestMailRoutes({ db }: Deps) {
  return new Hono<AppEnv>().get('/:id', access('authenticated'), async (c) => c.json({ items: await requestMails(db, principalOf(c), isUuid(c.req.param('id'), 'Process instance')) }));
}
