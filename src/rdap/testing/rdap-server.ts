import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Test support only: an RDAP server on 127.0.0.1 answering in the RFC 9083 format real registries use
 * (shaped after Verisign's domain answers and APNIC's network answers), with an IANA-format bootstrap
 * (RFC 9224) under /bootstrap/ pointing back at it.
 */
export type RdapServer = { url: string; bootstrapUrl: string; requests: string[]; close(): Promise<void> };

const vcard = (props: [string, string, string][]) => [
  'vcard',
  [['version', {}, 'text', '4.0'], ...props.map(([name, type, value]) => [name, {}, type, value])],
];

export function domainAnswer(name: string) {
  return {
    rdapConformance: [
      'rdap_level_0',
      'icann_rdap_response_profile_1',
      'icann_rdap_technical_implementation_guide_1',
    ],
    objectClassName: 'domain',
    handle: `${name.toUpperCase().replace(/\./g, '_')}-TEST`,
    ldhName: name.toUpperCase(),
    status: ['client transfer prohibited'],
    entities: [
      {
        objectClassName: 'entity',
        handle: '9999',
        roles: ['registrar'],
        publicIds: [{ type: 'IANA Registrar ID', identifier: '9999' }],
        vcardArray: vcard([['fn', 'text', 'Example Registrar, Inc.']]),
        entities: [
          {
            objectClassName: 'entity',
            roles: ['abuse'],
            vcardArray: vcard([
              ['fn', 'text', ''],
              ['tel', 'uri', 'tel:+1.5555550100'],
              ['email', 'text', 'abuse@registrar.example'],
            ]),
          },
        ],
      },
    ],
    events: [
      { eventAction: 'registration', eventDate: '2026-05-20T03:11:09Z' },
      { eventAction: 'expiration', eventDate: '2027-05-20T03:11:09Z' },
    ],
    secureDNS: { delegationSigned: false },
    nameservers: [{ objectClassName: 'nameserver', ldhName: 'NS1.HOSTING.EXAMPLE' }],
    notices: [{ title: 'Terms of Use', description: ['Service subject to Terms of Use.'] }],
  };
}

export function ipAnswer(address: string) {
  return {
    rdapConformance: ['nro_rdap_profile_0', 'rdap_level_0', 'cidr0'],
    objectClassName: 'ip network',
    handle: '127.0.0.0 - 127.255.255.255',
    startAddress: '127.0.0.0',
    endAddress: '127.255.255.255',
    ipVersion: address.includes(':') ? 'v6' : 'v4',
    name: 'FAKE-HOSTING-NET',
    type: 'ALLOCATED PORTABLE',
    country: 'JP',
    entities: [
      {
        objectClassName: 'entity',
        handle: 'ORG-FH1-TEST',
        roles: ['registrant'],
        vcardArray: vcard([
          ['fn', 'text', 'Fake Hosting K.K.'],
          ['kind', 'text', 'org'],
        ]),
      },
      {
        objectClassName: 'entity',
        handle: 'IRT-FAKEHOSTING-JP',
        roles: ['abuse'],
        vcardArray: vcard([
          ['fn', 'text', 'IRT-FAKEHOSTING-JP'],
          ['kind', 'text', 'group'],
          ['email', 'text', 'abuse@hosting.example.jp'],
        ]),
      },
    ],
  };
}

export async function startRdapServer(): Promise<RdapServer> {
  const requests: string[] = [];
  let base = '';
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    const json = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/rdap+json' }).end(JSON.stringify(body));
    if (url === '/bootstrap/dns.json') {
      return json(200, {
        description: 'RDAP bootstrap file for Domain Name System registrations',
        publication: '2026-05-01T00:00:00Z',
        services: [
          [['com', 'net'], ['https://rdap.verisign.example/com/v1/']],
          [['test'], [`${base}/rdap/`]],
        ],
        version: '1.0',
      });
    }
    if (url === '/bootstrap/ipv4.json') {
      return json(200, {
        services: [
          [['0.0.0.0/1'], ['https://rdap.arin.example/']],
          [['127.0.0.0/8'], [`${base}/rdap/`]],
        ],
        version: '1.0',
      });
    }
    if (url === '/bootstrap/ipv6.json') {
      return json(200, { services: [[['::/0'], [`${base}/rdap/`]]], version: '1.0' });
    }
    const domain = /^\/rdap\/domain\/([^/?]+)$/.exec(url);
    if (domain) {
      const name = decodeURIComponent(domain[1]!).toLowerCase();
      if (!name.endsWith('phish.test')) return json(404, { errorCode: 404, title: 'Not Found' });
      return json(200, domainAnswer(name));
    }
    const ip = /^\/rdap\/ip\/([^/?]+)$/.exec(url);
    if (ip) return json(200, ipAnswer(decodeURIComponent(ip[1]!)));
    return json(404, { errorCode: 404, title: 'Not Found' });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${base}/rdap/`,
    bootstrapUrl: `${base}/bootstrap/`,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
