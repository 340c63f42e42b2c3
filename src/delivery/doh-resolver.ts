// Host resolution for Workers, which have no DNS API: DNS over HTTPS (Cloudflare's JSON API),
// A and AAAA. Used to check target URLs at registration and before each delivery there. It
// cannot pin the address the Worker then connects to; Workers' outbound fetch does not reach
// private networks in any case.
import type { HostResolver } from './target-check';

const DOH_URL = 'https://cloudflare-dns.com/dns-query';

export function createDohResolver(fetcher: typeof fetch = fetch): HostResolver {
  const query = async (name: string, type: 'A' | 'AAAA'): Promise<string[]> => {
    const res = await fetcher(`${DOH_URL}?name=${encodeURIComponent(name)}&type=${type}`, {
      headers: { accept: 'application/dns-json' },
      signal: AbortSignal.timeout(5000),
    });
    if (!res.ok) throw new Error(`DNS over HTTPS answered ${res.status}`);
    const body = (await res.json()) as { Answer?: Array<{ type: number; data: string }> };
    const wanted = type === 'A' ? 1 : 28;
    return (body.Answer ?? []).filter((a) => a.type === wanted).map((a) => a.data);
  };
  return async (hostname) => {
    const [v4, v6] = await Promise.all([query(hostname, 'A'), query(hostname, 'AAAA')]);
    const all = [...v4, ...v6];
    if (all.length === 0) throw new Error('no address');
    return all;
  };
}
