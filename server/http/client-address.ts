import { isIPv4, isIPv6 } from 'node:net';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

/** Stands for a request whose address cannot be told (app.request() in tests, a socket already gone). */
export const UNKNOWN_ADDRESS = 'unknown';

function socketAddress(c: Context): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null; // not served by @hono/node-server
  }
}

/** Expands an IPv6 address to its eight groups (no zone, no embedded IPv4 left). */
function ipv6Groups(address: string): string[] | null {
  let a = address.split('%')[0].toLowerCase();
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (v4) {
    const [x, y, z, w] = v4[1].split('.').map(Number);
    a = a.slice(0, -v4[1].length) + `${((x << 8) | y).toString(16)}:${((z << 8) | w).toString(16)}`;
  }
  const [head, tail] = a.split('::');
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail ? tail.split(':') : [];
  const fill = tail !== undefined ? 8 - h.length - t.length : 0;
  const groups = [...h, ...Array(Math.max(0, fill)).fill('0'), ...t];
  return groups.length === 8 ? groups.map((g) => g.padStart(4, '0')) : null;
}

/**
 * The key an address is throttled under: IPv4 as is (also when mapped into IPv6), IPv6 by its /64
 * network, since one host usually holds a whole /64 and could otherwise take a new address per guess.
 */
export function addressKey(raw: string): string {
  const a = raw.trim().replace(/^\[|\]$/g, '');
  if (isIPv4(a)) return a;
  if (isIPv6(a.split('%')[0])) {
    const g = ipv6Groups(a);
    if (!g) return a.toLowerCase();
    if (g.slice(0, 5).every((x) => x === '0000') && g[5] === 'ffff') {
      const n = parseInt(g[6], 16);
      const m = parseInt(g[7], 16);
      return `${n >> 8}.${n & 255}.${m >> 8}.${m & 255}`;
    }
    return `${g.slice(0, 4).join(':')}::/64`;
  }
  return a.slice(0, 100) || UNKNOWN_ADDRESS;
}

/**
 * The client's address: the socket's peer, or with TRUST_PROXY = n (proxies in front of Lotse)
 * the entry n places from the right in X-Forwarded-For + peer, i.e. the address the outermost
 * trusted proxy saw. Entries further left are written by the client and never trusted.
 */
export function clientAddress(c: Context, trustProxy: number): string {
  const peer = socketAddress(c) ?? UNKNOWN_ADDRESS;
  if (trustProxy <= 0) return addressKey(peer);
  const forwarded = (c.req.header('x-forwarded-for') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const chain = [...forwarded, peer];
  return addressKey(chain[Math.max(0, chain.length - 1 - trustProxy)]);
}
