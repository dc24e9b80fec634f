/**
 * SSRF guard for webhook targets (pure parts and the DNS check). A target whose host is, or
 * resolves to, a loopback, private, link-local, carrier-grade NAT, multicast, reserved or
 * unspecified address is refused unless WEBHOOK_ALLOW_PRIVATE_TARGETS=true. Deliveries connect
 * to the address that was checked (the sender's lookup), so a DNS answer cannot change between
 * the check and the connection.
 */
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 96], // unspecified, loopback, IPv4-compatible
  ['64:ff9b::', 96],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['fec0::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/** Whether an IP address is not a public unicast address. Anything that is not an IP counts as private. */
export function isPrivateAddress(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(ip);
  if (family === 4) return blocked.check(ip, 'ipv4');
  if (family !== 6) return true;
  const lower = ip.toLowerCase();
  if (lower.startsWith('::ffff:')) {
    // An IPv4-mapped address reaches the IPv4 host it embeds.
    const rest = lower.slice('::ffff:'.length);
    if (isIP(rest) === 4) return isPrivateAddress(rest);
    const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(rest);
    if (hex) {
      const hi = parseInt(hex[1], 16), lo = parseInt(hex[2], 16);
      return isPrivateAddress(`${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`);
    }
    return true;
  }
  return blocked.check(ip, 'ipv6');
}

export class TargetRefused extends Error {}

/** Checks a URL's form: http(s), a host, no credentials. Returns a reason when it is refused. */
export function urlProblem(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'url must be an absolute http or https URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'url must use http or https';
  if (!url.hostname) return 'url must name a host';
  if (url.username || url.password) return 'url must not carry credentials';
  return null;
}

type LookupFn = (hostname: string, options: { all: true }, callback: (err: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void) => void;

/** Resolves the URL's host and refuses private addresses (unless allowed); returns the addresses. */
export async function resolveTarget(raw: string, allowPrivate: boolean, lookup: LookupFn = dnsLookup as unknown as LookupFn): Promise<LookupAddress[]> {
  const problem = urlProblem(raw);
  if (problem) throw new TargetRefused(problem);
  const host = new URL(raw).hostname.replace(/^\[|\]$/g, '');
  const literal = isIP(host);
  const addresses: LookupAddress[] = literal
    ? [{ address: host, family: literal }]
    : await new Promise((resolve, reject) => lookup(host, { all: true }, (err, found) => (err ? reject(new TargetRefused(`${host} does not resolve: ${err.code ?? err.message}`)) : resolve(found))));
  if (addresses.length === 0) throw new TargetRefused(`${host} does not resolve`);
  if (!allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) throw new TargetRefused(`${host} resolves to ${bad.address}, a loopback, private or reserved address (WEBHOOK_ALLOW_PRIVATE_TARGETS=true allows it)`);
  }
  return addresses;
}
