import { describe, expect, it } from 'vitest';
import { readPhishtankCsv, readPhishtankJson } from './phishtank.ts';
import { collectEntries, fixtureStream, textStream } from './testing/loopback.ts';

describe('readPhishtankJson', () => {
  it('streams the dump: verified phish only, phish_id as id, target as brand label', async () => {
    const { items, rejected } = await collectEntries(
      readPhishtankJson(fixtureStream('phishtank/online-valid.json')),
    );
    expect(rejected).toEqual([]);
    expect(items.map((i) => i.externalId)).toEqual([
      '8412345',
      '8412351',
      '8412377',
      '8412390',
      '8412402',
      '8412418',
      '8412425',
    ]);
    const paypal = items[0]!;
    expect(paypal.url).toBe('https://paypal.com.resolution-center-secure.top/webapps/mpp/account-selection');
    expect(paypal.brandLabel).toBe('PayPal');
    expect(paypal.reportedAt).toBe(Date.UTC(2024, 0, 30, 10, 20, 3)); // verification_time
    expect(items[1]!.brandLabel).toBeNull(); // 'Other'
    expect((paypal.raw as { details: unknown[] }).details).toHaveLength(1);
  });

  it('reads the same whatever the chunk boundaries (multi-byte, escapes, strings split)', async () => {
    const text =
      '[{"phish_id":"1","url":"http:\\/\\/a.example\\/\\u00e9\\"q","verified":"yes","submission_time":"2024-01-01T00:00:00+00:00","target":"ヤマト運輸"},\n{"phish_id":2,"url":"http://b.example/","verified":"no"}]';
    for (const size of [1, 2, 3, 5, 1000]) {
      const { items } = await collectEntries(readPhishtankJson(textStream(text, size)));
      expect(items).toHaveLength(1);
      expect(items[0]!.url).toBe('http://a.example/é"q');
      expect(items[0]!.brandLabel).toBe('ヤマト運輸');
    }
  });

  it('rejects a broken element with its line and reads the next one', async () => {
    const text =
      '[\n{"phish_id":1,"url":"http://a.example/","verified":"yes","submission_time":"2024-01-01T00:00:00Z"},\n{"phish_id":2,"url":http://b},\n{"phish_id":3,"url":"http://c.example/","verified":"yes","verification_time":"2024-01-02T00:00:00Z"}\n]';
    const { items, rejected } = await collectEntries(readPhishtankJson(textStream(text)));
    expect(items.map((i) => i.externalId)).toEqual(['1', '3']);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]!.line).toBe(3);
  });

  it('turns a non-array document into one rejection, not an exception', async () => {
    const { items, rejected } = await collectEntries(readPhishtankJson(textStream('<html>error</html>')));
    expect(items).toEqual([]);
    expect(rejected[0]!.reason).toMatch(/expected a JSON array/);
    const truncated = await collectEntries(
      readPhishtankJson(textStream('[{"phish_id":1,"url":"http://a.example/"')),
    );
    expect(truncated.rejected[0]!.reason).toMatch(/truncated/);
  });
});

describe('readPhishtankCsv', () => {
  it('reads the CSV dump with quoted URLs and skips unverified rows', async () => {
    const { items, rejected } = await collectEntries(
      readPhishtankCsv(fixtureStream('phishtank/online-valid.csv')),
    );
    expect(rejected).toEqual([]);
    expect(items).toHaveLength(8);
    expect(items.map((i) => i.externalId)).not.toContain('8412440'); // verified=no
    const chase = items.find((i) => i.externalId === '8412433')!;
    expect(chase.url).toBe('https://secure-chase.com.login-verify.info/auth/?a=1,2&b="x"');
    expect(chase.brandLabel).toBe('JPMorgan Chase');
  });

  it('yields the same items as the JSON dump for the same phish', async () => {
    const json = await collectEntries(readPhishtankJson(fixtureStream('phishtank/online-valid.json')));
    const csv = await collectEntries(readPhishtankCsv(fixtureStream('phishtank/online-valid.csv')));
    const pick = (i: (typeof json.items)[number]) => [i.externalId, i.url, i.brandLabel, i.reportedAt];
    expect(csv.items.slice(0, json.items.length).map(pick)).toEqual(json.items.map(pick));
  });

  it('refuses a file without the PhishTank header', async () => {
    const { items, rejected } = await collectEntries(readPhishtankCsv(textStream('a,b,c\n1,2,3\n')));
    expect(items).toEqual([]);
    expect(rejected[0]!.reason).toMatch(/not a PhishTank CSV header/);
  });
});
