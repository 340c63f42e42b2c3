// Where mailprefs may send requests on someone else's behalf (webhook endpoints now, connector
// API bases later): the rules for target URLs and for the addresses they resolve to. Pure, so
// every runtime and every check (at registration, inside the connection's DNS lookup) applies
// the same list. A target must not reach the service's own network: loopback, private,
// link-local (where cloud metadata lives), CGNAT, multicast, reserved and unspecified ranges,
// in IPv4 and IPv6, including IPv4 addresses wrapped in IPv6.

export interface TargetRules {
  /** WEBHOOK_ALLOW_PRIVATE_TARGETS: self-hosted setups and tests may use http and any address. */
  allowPrivate: boolean;
}

export class TargetRefused extends Error {
  override name = 'TargetRefused';
}

/** IPv4 ranges no target may resolve to, as [first octets, prefix length]. */
const blockedV4: Array<[number[], number]> = [
  [[0], 8], // "this network", including the unspecified 0.0.0.0
  [[10], 8], // private
  [[100, 64], 10], // CGNAT, also where some clouds put metadata (100.100.100.200)
  [[127], 8], // loopback
  [[169, 254], 16], // link-local, including 169.254.169.254 (cloud metadata)
  [[172, 16], 12], // private
  [[192, 0, 0], 24], // IETF protocol assignments
  [[192, 0, 2], 24], // documentation
  [[192, 88, 99], 24], // 6to4 relay anycast
  [[192, 168], 16], // private
  [[198, 18], 15], // benchmarking
  [[198, 51, 100], 24], // documentation
  [[203, 0, 113], 24], // documentation
  [[224], 4], // multicast
  [[240], 4], // reserved, and the broadcast address
];

/** Parses dotted-quad IPv4; null for anything else. */
export function parseIPv4(text: string): number[] | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const octets = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : Number.NaN));
  return octets.every((o) => o >= 0 && o <= 255) ? octets : null;
}

/** Parses IPv6 (with `::` and a trailing dotted IPv4) into eight 16-bit groups; null otherwise. */
export function parseIPv6(text: string): number[] | null {
  let s = text;
  if (s.startsWith('[') && s.endsWith(']')) s = s.slice(1, -1);
  if (s.includes('%')) return null; // zone ids only mean something on the local host
  let tail: number[] = [];
  const lastColon = s.lastIndexOf(':');
  if (s.slice(lastColon + 1).includes('.')) {
    const v4 = parseIPv4(s.slice(lastColon + 1));
    if (!v4) return null;
    tail = [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]];
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return null;
  const group = (h: string) => (h === '' ? [] : h.split(':'));
  const head = group(halves[0]);
  const rest = halves.length === 2 ? group(halves[1]) : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return null;
  const all = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...rest];
  if (!all.every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return null;
  const groups = all.map((g) => Number.parseInt(g, 16));
  if (tail.length) groups.splice(6, 2, ...tail);
  return groups;
}

function inV4Range(octets: number[], [start, bits]: [number[], number]): boolean {
  const value = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
  const base = ((start[0] << 24) | ((start[1] ?? 0) << 16) | ((start[2] ?? 0) << 8) | (start[3] ?? 0)) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (value & mask) === (base & mask);
}

function blockedIPv4(octets: number[]): boolean {
  return blockedV4.some((range) => inV4Range(octets, range));
}

function embeddedV4(g: number[], at: number): number[] {
  return [g[at] >> 8, g[at] & 255, g[at + 1] >> 8, g[at + 1] & 255];
}

function blockedIPv6(g: number[]): boolean {
  const zeroUntil = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroUntil(8)) return true; // :: unspecified
  if (zeroUntil(7) && g[7] === 1) return true; // ::1 loopback
  if (zeroUntil(5) && g[5] === 0xffff) return blockedIPv4(embeddedV4(g, 6)); // ::ffff:a.b.c.d mapped
  if (zeroUntil(6)) return true; // ::a.b.c.d, the deprecated IPv4-compatible form
  if (zeroUntil(4) && g[4] === 0xffff && g[5] === 0) return true; // ::ffff:0:a.b.c.d translated
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0))
    return blockedIPv4(embeddedV4(g, 6)); // 64:ff9b::/96 NAT64 of an IPv4 address
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return true; // 64:ff9b:1::/48 local NAT64
  if (g[0] === 0x100 && g[1] === 0 && g[2] === 0 && g[3] === 0) return true; // 100::/64 discard
  if (g[0] === 0x2001 && g[1] < 0x200) return true; // 2001::/23 IETF protocols, Teredo
  if (g[0] === 0x2001 && g[1] === 0xdb8) return true; // documentation
  if (g[0] === 0x2002) return blockedIPv4([g[1] >> 8, g[1] & 255, g[2] >> 8, g[2] & 255]); // 6to4
  if (g[0] === 0x3fff && g[1] < 0x1000) return true; // 3fff::/20 documentation
  if ((g[0] & 0xfe00) === 0xfc00) return true; // fc00::/7 unique local (AWS metadata fd00:ec2::254)
  if ((g[0] & 0xffc0) === 0xfe80) return true; // link-local
  if ((g[0] & 0xffc0) === 0xfec0) return true; // site-local (deprecated)
  if ((g[0] & 0xff00) === 0xff00) return true; // multicast
  return false;
}

/** Whether an IP address (v4 or v6 text) is one a target may not be reached at. */
export function isBlockedAddress(address: string): boolean {
  const v4 = parseIPv4(address);
  if (v4) return blockedIPv4(v4);
  const v6 = parseIPv6(address);
  // Something that is not an address at all is refused rather than guessed at.
  return v6 ? blockedIPv6(v6) : true;
}

/** The IP literal a URL's host is, or null for a name that needs resolving. */
export function ipLiteral(hostname: string): string | null {
  if (parseIPv4(hostname)) return hostname;
  if (hostname.startsWith('[') && parseIPv6(hostname)) return hostname.slice(1, -1);
  return null;
}

/**
 * Checks a target URL's form (no DNS): https (http only when private targets are allowed), no
 * user name or password in it, not a forbidden IP literal.
 * Returns the parsed URL; throws TargetRefused with a reason a person can act on.
 */
export function checkTargetUrl(raw: string, rules: TargetRules): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('must be an absolute URL');
  }
  const schemes = rules.allowPrivate ? ['https:', 'http:'] : ['https:'];
  if (!schemes.includes(url.protocol)) throw new TargetRefused('must use https');
  if (url.username || url.password) throw new TargetRefused('must not contain a user name or password');
  if (rules.allowPrivate) return url;
  // Names (`localhost` included) are left to the resolver check: what counts is the address.
  const literal = ipLiteral(url.hostname);
  if (literal && isBlockedAddress(literal)) {
    throw new TargetRefused('must not point at a private, loopback, link-local or reserved address');
  }
  return url;
}

/** Checks every address a target's name resolved to; one bad address refuses the target. */
export function checkResolvedAddresses(addresses: string[], rules: TargetRules): void {
  if (rules.allowPrivate) return;
  if (addresses.length === 0) throw new TargetRefused('its host name does not resolve');
  if (addresses.some(isBlockedAddress)) {
    throw new TargetRefused('its host name resolves to a private, loopback, link-local or reserved address');
  }
}
