/** The object store endpoint's addresses, resolved once (for the service's network drop-in). */
import dns from 'node:dns/promises';
import net from 'node:net';

export async function endpointAddresses(endpoint: string): Promise<string[]> {
  const host = new URL(endpoint).hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return [host];
  return (await dns.lookup(host, { all: true })).map((a) => a.address);
}
