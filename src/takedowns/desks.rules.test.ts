import { describe, expect, it } from 'vitest';
import type { DeskRow } from './desks.repository.ts';
import { candidateKeys, chooseDesk, deskRecord, domainKeys } from './desks.rules.ts';
import type { Contact } from './takedowns.contacts.ts';

const contact = (role: Contact['role'], handle: string | null, network: string | null = null): Contact => ({
  role,
  name: null,
  emails: [`abuse@${role}.example`],
  handle,
  network,
  source: null,
  query: 'q',
  fetchedAt: null,
  error: null,
});

const desk = (id: number, kind: DeskRow['key_kind'], value: string) =>
  ({ id, key_kind: kind, key_value: value }) as DeskRow;

describe('abuse desk rules', () => {
  it('walks a host up to its registrable domain, and no further', () => {
    expect(domainKeys('a.shop.FormHost.test.', 'formhost.test')).toEqual([
      'a.shop.formhost.test',
      'shop.formhost.test',
      'formhost.test',
    ]);
    expect(domainKeys('192.0.2.1', null)).toEqual(['192.0.2.1']);
  });

  it('asks the site domain, then the host, then the registrar; escalates to the registrar first', () => {
    const contacts = [contact('hosting', 'IRT-X', 'NET-X'), contact('registrar', '9999')];
    const target = { host: 'shop.formhost.test', registrableDomain: 'formhost.test' };
    expect(candidateKeys('request', target, contacts).map((k) => `${k.kind}:${k.value}`)).toEqual([
      'domain:shop.formhost.test',
      'domain:formhost.test',
      'rdap_handle:irt-x',
      'network:net-x',
      'rdap_handle:9999',
    ]);
    expect(candidateKeys('escalation', target, contacts)[0]).toEqual({ kind: 'rdap_handle', value: '9999' });
    const desks = [desk(1, 'rdap_handle', '9999'), desk(2, 'network', 'net-x')];
    expect(chooseDesk(candidateKeys('request', target, contacts), desks)?.id).toBe(2);
    expect(chooseDesk(candidateKeys('escalation', target, contacts), desks)?.id).toBe(1);
    expect(chooseDesk(candidateKeys('request', target, []), desks)).toBeNull();
  });

  it('counts each case once, from its first request, and takes the median time to down of the acted ones', () => {
    expect(
      deskRecord([
        { caseId: 1, at: 100, acknowledgedAt: 150, downAt: 400 },
        { caseId: 1, at: 50, acknowledgedAt: 150, downAt: 400 },
        { caseId: 2, at: 100, acknowledgedAt: null, downAt: 200 },
        { caseId: 3, at: 100, acknowledgedAt: null, downAt: null },
      ]),
    ).toEqual({ requests: 3, acknowledged: 1, acted: 2, medianToDownMs: (350 + 100) / 2 });
    expect(deskRecord([])).toEqual({ requests: 0, acknowledged: 0, acted: 0, medianToDownMs: null });
  });
});
