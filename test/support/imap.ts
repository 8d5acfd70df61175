/**
 * A real IMAP server for the inbound-mail tests: Debian's dovecot (apt-get install dovecot-imapd,
 * done by .ci/run) started in the foreground with a config in a temp dir — IMAPS on a free local
 * port, a self-signed certificate made here with openssl, plain-text auth against a passwd-file,
 * Maildir storage in the temp dir. Why dovecot and not an npm server: no maintained npm IMAP server
 * exists (hoodiecrow and imap-server are unmaintained and implement neither IDLE nor real UIDs);
 * dovecot is the server most departments' mailboxes actually run on.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const DOVECOT = '/usr/sbin/dovecot';
export const hasDovecot = () => fs.existsSync(DOVECOT);

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string, timeoutMs = 15_000) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`dovecot exited (${child.exitCode}): ${log()}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`dovecot did not listen on ${port}: ${log()}`);
}

export interface LocalImap {
  host: string;
  port: number;
  /** The self-signed certificate (PEM), for a client that should trust it. */
  ca: string;
  users: { user: string; password: string }[];
  stop(): Promise<void>;
}

/** Starts dovecot with the given accounts (user = mailbox address); each gets an empty INBOX. */
export async function localImap(users: { user: string; password: string }[]): Promise<LocalImap> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lotse-dovecot-'));
  fs.chmodSync(dir, 0o755);
  const port = await freePort();
  // dovecot refuses mail access as root: as root the mail belongs to the unprivileged "dovecot" user.
  const asRoot = process.getuid?.() === 0;
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'dovecot']).toString().trim()) : process.getuid!();
  const gid = asRoot ? Number(execFileSync('id', ['-g', 'dovecot']).toString().trim()) : process.getgid!();
  const login = asRoot ? 'dovecot' : os.userInfo().username;
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=localhost',
    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1', '-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem')], { stdio: 'ignore' });
  fs.mkdirSync(path.join(dir, 'mail'));
  fs.mkdirSync(path.join(dir, 'run'));
  fs.writeFileSync(path.join(dir, 'passwd'), users.map((u) => `${u.user}:{PLAIN}${u.password}:${uid}:${gid}::${dir}/mail/${u.user}::`).join('\n') + '\n');
  if (asRoot) execFileSync('chown', ['-R', `${uid}:${gid}`, path.join(dir, 'mail')]);
  fs.writeFileSync(path.join(dir, 'dovecot.conf'), `
base_dir = ${dir}/run
state_dir = ${dir}/run
log_path = ${dir}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = required
ssl_cert = <${dir}/cert.pem
ssl_key = <${dir}/key.pem
ssl_min_protocol = TLSv1.2
disable_plaintext_auth = yes
auth_mechanisms = plain login
first_valid_uid = ${Math.min(uid, 100)}
default_internal_user = ${login}
default_login_user = ${login}
default_internal_group = ${asRoot ? 'dovecot' : os.userInfo().username}
mail_location = maildir:~/Maildir
passdb {
  driver = passwd-file
  args = scheme=PLAIN ${dir}/passwd
}
userdb {
  driver = passwd-file
  args = ${dir}/passwd
}
service imap-login {
  inet_listener imap {
    port = 0
  }
  inet_listener imaps {
    port = ${port}
    ssl = yes
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`);
  const child = spawn(DOVECOT, ['-F', '-c', path.join(dir, 'dovecot.conf')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const log = () => out + (fs.existsSync(path.join(dir, 'dovecot.log')) ? fs.readFileSync(path.join(dir, 'dovecot.log'), 'utf8') : '');
  await waitForPort(port, child, log);
  return {
    host: '127.0.0.1',
    port,
    ca: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8'),
    users,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
