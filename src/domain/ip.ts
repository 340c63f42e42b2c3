// IP addresses are anonymised before they are stored anywhere: IPv4 to its /24, IPv6 to its
// /48, which is what the companies' policies promise ("anonymised IP addresses").

export function truncateIp(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const ip = raw.trim();
  const v4 = ip.match(/^(?:::ffff:)?(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/i);
  if (v4) {
    const parts = v4.slice(1, 4).map(Number);
    if (parts.some((p) => p > 255) || Number(v4[4]) > 255) return null;
    return `${parts.join('.')}.0`;
  }
  if (ip.includes(':')) {
    const groups = expandIpv6(ip.replace(/%.*$/, ''));
    if (!groups) return null;
    return `${groups.slice(0, 3).join(':')}::`;
  }
  return null;
}

function expandIpv6(ip: string): string[] | null {
  if (!/^[0-9a-f:]+$/i.test(ip)) return null;
  const halves = ip.split('::');
  if (halves.length > 2) return null;
  const head = halves[0] ? halves[0].split(':') : [];
  const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const groups = [...head, ...Array(halves.length === 2 ? missing : 0).fill('0'), ...tail];
  if (groups.some((g) => g.length === 0 || g.length > 4)) return null;
  return groups.map((g) => Number.parseInt(g, 16).toString(16));
}
