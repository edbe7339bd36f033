import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readFeedFile } from './feed-file.ts';
import { readMispEvent, readMispManifest } from './misp.ts';
import { collectEntries, fixturePath } from './testing/loopback.ts';

const manifest = readMispManifest(JSON.parse(fs.readFileSync(fixturePath('misp/manifest.json'), 'utf8')));
const event = (i: number) =>
  JSON.parse(fs.readFileSync(fixturePath(`misp/${manifest[i]!.uuid}.json`), 'utf8'));

describe('MISP feed', () => {
  it('lists the manifest events with their timestamps', () => {
    expect(manifest).toHaveLength(3);
    expect(manifest[0]).toEqual({ uuid: expect.stringMatching(/^[0-9a-f-]{36}$/), timestamp: '1716190000' });
  });

  it('takes url attributes of the event and its objects, with the phishing object target as brand', async () => {
    const { items, rejected } = await collectEntries(readMispEvent(event(0)));
    expect(rejected).toEqual([]);
    expect(items.map((i) => [i.url, i.brandLabel, i.tlp])).toEqual([
      ['https://amazon-co-jp.account-verify-update.xyz/ap/signin', null, 'green'],
      ['https://amazon-co-jp.signin-account-check.com/ap/signin', 'Amazon', 'green'],
      ['https://amzn-jp.short-redirect.link/x7Gh2', 'Amazon', 'green'],
    ]);
    // first_seen wins over the attribute timestamp; the id is the attribute uuid.
    expect(items[0]!.reportedAt).toBe(Date.UTC(2024, 4, 20, 2, 15));
    const attrUuid = event(0).Event.Attribute[0].uuid;
    expect(items[0]!.externalId).toBe(attrUuid);
  });

  it('leaves out context (to_ids false) and deleted attributes, and takes TLP from attribute tags first', async () => {
    const { items } = await collectEntries(readMispEvent(event(1)));
    expect(items.map((i) => [i.url, i.tlp])).toEqual([
      ['https://www.aeon-card-jp.security-check.top/login', 'amber'],
      ['https://eposcard.net-login.help/', 'clear'],
      ['https://smbc-card.vpass-login.icu/vpass/login', 'clear'],
      ['https://jcb-card.myjcb-login.icu/myjcb/login', 'clear'],
    ]);
    const withContext = await collectEntries(readMispEvent(event(0), { includeNonIds: true }));
    expect(withContext.items.map((i) => i.url)).toContain('https://www.amazon.co.jp/');
  });

  it('reads a whole feed directory through its manifest', async () => {
    const { items, rejected } = await collectEntries(readFeedFile('misp', fixturePath('misp')));
    expect(rejected).toEqual([]);
    expect(items).toHaveLength(9);
  });

  it('rejects a document that is not an event', async () => {
    const { rejected } = await collectEntries(readMispEvent({ response: [] }));
    expect(rejected[0]!.reason).toMatch(/not a MISP event/);
  });
});
