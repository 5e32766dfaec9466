import { type LookupAddress, type LookupAllOptions, lookup } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/*
 * Webhook URLs are typed in by partners and staff, so a POST must never reach inside the network Switchboard runs
 * in (the database, the metadata service at 169.254.169.254, an admin port on localhost): server-side request
 * forgery. The check sits in the connection's own DNS lookup, so the address checked is the address connected
 * to: a name that resolves to a public address when saved and to 10.0.0.5 at delivery (DNS rebinding) is refused
 * all the same. Redirects are never followed.
 */

/** Whether an address is on the public internet: not loopback, private, link-local, carrier NAT, reserved ... */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

export class PrivateAddressError extends Error {}

type Resolve = (
  hostname: string,
  options: LookupAllOptions,
  callback: (error: NodeJS.ErrnoException | null, addresses: LookupAddress[]) => void,
) => void;

/**
 * A connection's lookup through `resolve` (dns.lookup), refusing any name whose addresses are not all public.
 * Exported for its tests, which give it resolvers that answer public addresses (this machine has no internet).
 */
export const publicOnlyLookup =
  (resolve: Resolve = lookup): LookupFunction =>
  (hostname, options, callback) => {
    resolve(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const refused = addresses.find((a) => !isPublicAddress(a.address));
      if (refused || addresses.length === 0)
        return callback(
          new PrivateAddressError(
            `${hostname} resolves to ${refused?.address ?? 'nothing'}, not a public address`,
          ),
          '',
          0,
        );
      if (options.all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, addresses);
      const [first] = addresses as [LookupAddress];
      callback(null, first.address, first.family);
    });
  };

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  /** Allow private and loopback targets (development, tests): WEBHOOK_ALLOW_PRIVATE_NETWORKS. */
  allowPrivate: boolean;
}

/** POSTs the body and answers the HTTP status; rejects on network errors, timeouts and refused addresses. */
export function postJson(post: WebhookPost): Promise<number> {
  const url = new URL(post.url);
  if (
    !post.allowPrivate &&
    ipaddr.isValid(url.hostname.replace(/^\[|\]$/g, '')) &&
    !isPublicAddress(url.hostname.replace(/^\[|\]$/g, ''))
  )
    return Promise.reject(new PrivateAddressError(`${url.hostname} is not a public address`));
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: { ...post.headers, 'content-length': Buffer.byteLength(post.body) },
        timeout: post.timeoutMs,
        ...(post.allowPrivate ? {} : { lookup: publicOnlyLookup() }),
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error(`no answer within ${post.timeoutMs} ms`)));
    request.on('error', reject);
    request.end(post.body);
  });
}
