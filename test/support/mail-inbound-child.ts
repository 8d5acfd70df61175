// A second server process for the inbound-mail kill test (test/api/mail-inbound.test.ts): it checks
// the mailbox on the shared PostgreSQL database and stops inside the request's transaction, saying
// so on stdout, so the test can SIGKILL it between fetch and commit.
import { openPostgres } from '../../server/db/postgres';
import { Engine } from '../../server/engine/runtime/runtime';
import { serverWiring, wireEngine } from '../../server/engine-wiring';
import { silentLogger } from '../../server/log';
import { checkMailboxOnce, loadMailbox } from '../../server/mail-inbound';
import { testConfig } from './api';

const args = JSON.parse(process.argv[2]) as { url: string; mailboxId: string; key: string; ca: string; maxBytes: number };
const db = await openPostgres(args.url, 2);
const engine = wireEngine(new Engine(db, () => new Date(), silentLogger), serverWiring(testConfig));
const mailbox = await loadMailbox(db, args.mailboxId);
await checkMailboxOnce({
  engine,
  settings: { key: Buffer.from(args.key, 'hex'), ca: args.ca, maxBytes: args.maxBytes, pollSeconds: 60, ratePerHour: 50, smtpPort: null, smtpHost: '127.0.0.1', disabled: false },
  publicUrl: testConfig.publicUrl,
  beforeCommit: async () => {
    process.stdout.write('in-transaction\n');
    await new Promise(() => {}); // until killed
  },
}, mailbox);
