import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { promisify } from 'node:util';
import { badInput } from '../../errors/domain-error.js';

/**
 * Where a webhook may not go: addresses of the machine itself and of private networks, so that an
 * endpoint cannot make the server probe what only it can reach (SSRF). Checked when an endpoint is
 * registered and again for each connection (the address the name resolves to then, so a name that
 * is later pointed at 10.0.0.1 is refused too). WEBHOOKS_ALLOW_PRIVATE_ADDRESSES lifts it outside
 * production, for a receiver on 127.0.0.1.
 */
const blocked = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 3],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(network, prefix, 'ipv6');
}

/** True for loopback, private, link-local, carrier-grade NAT, multicast and unspecified addresses (IPv4-mapped IPv6 included). */
export function isPrivateAddress(address: string): boolean {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  const family = isIP(address);
  if (family === 0) return true;
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export interface AddressPolicy {
  allowPrivateAddresses: boolean;
}

/**
 * The endpoint URL as stored, or BAD_USER_INPUT on `url`: https (http only with the development
 * override), no credentials, no fragment, a host that resolves to public addresses only.
 */
export async function checkEndpointUrl(raw: string, policy: AddressPolicy): Promise<string> {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw badInput('url', 'Enter the full address of your endpoint, for example https://example.com/workroom/webhooks.');
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && policy.allowPrivateAddresses)) {
    throw badInput('url', 'Webhooks are sent over HTTPS only: the address must start with https://.');
  }
  if (url.username || url.password) throw badInput('url', 'Leave credentials out of the address; verify requests by their signature instead.');
  if (url.hash) throw badInput('url', 'Leave the #fragment out of the address.');
  if (url.href.length > 2000) throw badInput('url', 'The address is too long (2,000 characters at most).');
  if (!policy.allowPrivateAddresses) {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const addresses = isIP(host) ? [host] : await resolveAll(host);
    if (host.toLowerCase() === 'localhost' || addresses.some(isPrivateAddress)) {
      throw badInput('url', 'This address is on a private, loopback or link-local network: webhooks go to public addresses only.');
    }
  }
  return url.href;
}

const lookupAll = promisify(dnsLookup);

async function resolveAll(host: string): Promise<string[]> {
  try {
    const found = await lookupAll(host, { all: true });
    return found.map((entry) => entry.address);
  } catch {
    throw badInput('url', `The host ${host} cannot be found: check the address.`);
  }
}

/** A DNS lookup for the HTTP client that refuses private addresses (unless allowed), at connection time. */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 4);
      const list = addresses;
      const usable = policy.allowPrivateAddresses ? list : list.filter((entry) => !isPrivateAddress(entry.address));
      if (usable.length === 0) {
        return callback(Object.assign(new Error(`${hostname} resolves to a private address`), { code: 'EPRIVATEADDRESS' }), '', 4);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, usable);
      return callback(null, usable[0]!.address, usable[0]!.family);
    });
  };
}
