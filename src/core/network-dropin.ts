/**
 * The dock service's network when replication is on, as a systemd drop-in. The unit's
 * `PrivateNetwork=yes` (no network at all) gives way to a network namespace of the host's whose only
 * reachable addresses are the store's: `IPAddressDeny=any` with `IPAddressAllow=` the endpoint's
 * addresses. systemd enforces it with a cgroup BPF filter on every packet; a name is resolved when this
 * is written, never by the service (no DNS server is allowed): give the endpoint as an address, or keep
 * its name in /etc/hosts. Pure.
 */
export function networkDropIn(endpoint: string, addresses: readonly string[]): string {
  const url = new URL(endpoint);
  return [
    `# /etc/systemd/system/evidence-vault.service.d/replication.conf`,
    `# Written by: evidence-vault replicate network (endpoint ${url.origin}).`,
    `# The service may reach the object store and nothing else; it still opens no port.`,
    '[Service]',
    'PrivateNetwork=no',
    'RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_INET AF_INET6',
    'IPAddressDeny=any',
    `IPAddressAllow=${[...new Set(addresses)].join(' ')}`,
    ...(url.protocol === 'https:' ? ['# TLS: the store presents a certificate of the bureau\'s CA? Add it: Environment=NODE_EXTRA_CA_CERTS=/etc/evidence-vault/store-ca.pem'] : []),
    '',
  ].join('\n');
}
