import { BlockList, isIP, isIPv4, isIPv6 } from 'node:net';

/**
 * What kind of address an IP is, for the outbound-address policy. Pure: nothing here opens a
 * socket or asks DNS, so every rule is unit-tested on addresses alone.
 *
 * - `public`: globally routable unicast, the only kind reachable by default;
 * - `loopback`, `private` (RFC 1918, CGNAT 100.64/10, IPv6 unique-local fc00::/7 and the old
 *   site-local fec0::/10), `link-local`: reachable when the operator allows private targets;
 * - `metadata`: a cloud provider's instance-metadata or host endpoint (credentials live there), refused
 *   even when private targets are allowed;
 * - `unspecified`, `multicast`, `broadcast`, `reserved` (documentation, benchmarking, class E, IPv6
 *   outside 2000::/3 ...): never a target of an export.
 */
export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'metadata' | 'unspecified' | 'multicast' | 'broadcast' | 'reserved';

/**
 * Instance-metadata and host endpoints of the big clouds: AWS (IMDS, ECS task, EKS pod identity,
 * and their IPv6 forms), GCP and Azure (169.254.169.254), GCP's IPv6 metadata server, Alibaba,
 * Azure's WireServer, Oracle's legacy address.
 */
const METADATA = new Set([
  '169.254.169.254',
  '169.254.170.2',
  '169.254.170.23',
  '100.100.100.200',
  '168.63.129.16',
  '192.0.0.192',
  'fd00:ec2::254',
  'fd00:ec2::23',
  'fd20:ce::254',
]);

function blockList(subnets: [string, number][]): BlockList {
  const list = new BlockList();
  for (const [network, prefix] of subnets) list.addSubnet(network, prefix, isIPv6(network) ? 'ipv6' : 'ipv4');
  return list;
}

// Order matters: the first kind whose list matches wins (broadcast before class E, and so on).
const IPV4_KINDS: [AddressKind, BlockList][] = [
  ['unspecified', blockList([['0.0.0.0', 8]])],
  ['loopback', blockList([['127.0.0.0', 8]])],
  ['private', blockList([['10.0.0.0', 8], ['172.16.0.0', 12], ['192.168.0.0', 16], ['100.64.0.0', 10]])],
  ['link-local', blockList([['169.254.0.0', 16]])],
  ['multicast', blockList([['224.0.0.0', 4]])],
  ['broadcast', blockList([['255.255.255.255', 32]])],
  [
    'reserved',
    blockList([
      ['192.0.0.0', 24],
      ['192.0.2.0', 24],
      ['192.88.99.0', 24],
      ['198.18.0.0', 15],
      ['198.51.100.0', 24],
      ['203.0.113.0', 24],
      ['240.0.0.0', 4],
    ]),
  ],
];

const IPV6_KINDS: [AddressKind, BlockList][] = [
  ['private', blockList([['fc00::', 7], ['fec0::', 10], ['64:ff9b:1::', 48]])],
  ['link-local', blockList([['fe80::', 10]])],
  ['multicast', blockList([['ff00::', 8]])],
  [
    'reserved',
    blockList([
      ['100::', 64],
      ['2001:db8::', 32],
      ['2001:10::', 28],
      ['2001:20::', 28],
      ['3fff::', 20],
      ['5f00::', 16],
    ]),
  ],
];

/** Global unicast space: any IPv6 address outside it (and not classified above) is reserved. */
const IPV6_GLOBAL_UNICAST = blockList([['2000::', 3]]);

/** Classifies an IP address (IPv4 dotted quad or IPv6, with or without brackets or a zone id). */
export function classifyAddress(address: string): AddressKind {
  const ip = canonicalIp(address);
  if (ip === null) throw new TypeError(`Not an IP address: ${address}`);
  if (METADATA.has(ip)) return 'metadata';
  return isIPv4(ip) ? classifyIPv4(ip) : classifyIPv6(ip);
}

function classifyIPv4(ip: string): AddressKind {
  for (const [kind, list] of IPV4_KINDS) if (list.check(ip, 'ipv4')) return kind;
  return 'public';
}

function classifyIPv6(ip: string): AddressKind {
  if (ip === '::') return 'unspecified';
  if (ip === '::1') return 'loopback';
  const embedded = embeddedIPv4(ip);
  if (embedded) {
    const kind = classifyAddress(embedded.ipv4);
    // IPv4-compatible addresses are deprecated and no public host uses them.
    return embedded.form === 'compatible' && kind === 'public' ? 'reserved' : kind;
  }
  for (const [kind, list] of IPV6_KINDS) if (list.check(ip, 'ipv6')) return kind;
  return IPV6_GLOBAL_UNICAST.check(ip, 'ipv6') ? 'public' : 'reserved';
}

/**
 * The IPv4 address an IPv6 address stands for, where the connection really goes to that IPv4
 * host: IPv4-mapped (::ffff:a.b.c.d), IPv4-translated (::ffff:0:a.b.c.d), IPv4-compatible
 * (::a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002:AABB:CCDD::/48) and Teredo (2001::/32, whose
 * client address is stored inverted).
 */
export function embeddedIPv4(address: string): { ipv4: string; form: 'mapped' | 'translated' | 'compatible' | 'nat64' | '6to4' | 'teredo' } | null {
  const ip = canonicalIp(address);
  if (ip === null || !isIPv6(ip)) return null;
  const g = ipv6Groups(ip);
  const zero = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const v4 = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff].join('.');
  const [g0, g1, g2, g5, g6, g7] = [g[0]!, g[1]!, g[2]!, g[5]!, g[6]!, g[7]!];
  if (zero(0, 5) && g5 === 0xffff) return { ipv4: v4(g6, g7), form: 'mapped' };
  if (zero(0, 4) && g[4] === 0xffff && g5 === 0) return { ipv4: v4(g6, g7), form: 'translated' };
  if (zero(0, 6) && (g6 !== 0 || g7 > 1)) return { ipv4: v4(g6, g7), form: 'compatible' };
  if (g0 === 0x64 && g1 === 0xff9b && zero(2, 6)) return { ipv4: v4(g6, g7), form: 'nat64' };
  if (g0 === 0x2002) return { ipv4: v4(g1, g2), form: '6to4' };
  if (g0 === 0x2001 && g1 === 0) return { ipv4: v4(~g6 & 0xffff, ~g7 & 0xffff), form: 'teredo' };
  return null;
}

/**
 * The canonical IP address a host string names, or null when it is a DNS name. Accepts what the
 * WHATWG URL parser accepts as an IPv4 host (decimal 2130706433, octal 0177.0.0.1, hex 0x7f.1,
 * short forms like 127.1), IPv6 with or without brackets, and strips an IPv6 zone id.
 */
export function canonicalIp(host: string): string | null {
  let text = host.trim();
  if (text.startsWith('[') && text.endsWith(']')) text = text.slice(1, -1);
  const zone = text.indexOf('%');
  if (zone > 0 && isIPv6(text.slice(0, zone))) text = text.slice(0, zone);
  if (isIPv6(text)) return new URL(`http://[${text}]/`).hostname.slice(1, -1);
  if (text === '' || /[/?#@\\\s[\]]/.test(text)) return null;
  try {
    // The URL parser turns every IPv4 spelling into a dotted quad and leaves names alone.
    const hostname = new URL(`http://${text}/`).hostname;
    return isIP(hostname) === 4 ? hostname : null;
  } catch {
    return null;
  }
}

/** The eight 16-bit groups of a canonical (URL-serialised, all hex) IPv6 address. */
function ipv6Groups(ip: string): number[] {
  const [head = '', tail] = ip.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((x) => parseInt(x, 16)));
  const front = parse(head);
  if (tail === undefined) return front;
  const back = parse(tail);
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
}
