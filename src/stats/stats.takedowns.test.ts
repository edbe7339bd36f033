import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { fixedClock } from '../lib/clock.ts';
import { createIngestRepository } from '../reports/ingest.repository.ts';
import { createSourcesRepository } from '../sources/sources.repository.ts';
import { createStatsRepository } from './stats.repository.ts';
import { createStatsService, median } from './stats.service.ts';

const H = 3_600_000;
const at = (iso: string) => Date.parse(`${iso}Z`);

/** One URL, and takedown cases as the takedowns module stores them (times in UTC, well inside JST months). */
async function seed(db: TestDb): Promise<void> {
  const sourceId = (await createSourcesRepository(db).ensure('web', 'web', 1)).id;
  const t = at('2024-03-01T00:00:00');
  await createIngestRepository(db).ingest({
    sourceId,
    reports: [
      {
        report: {
          externalId: 'r1',
          kind: 'url',
          status: 'processed',
          receivedAt: t,
          reportedAt: t,
          brandLabel: null,
          brandId: null,
          contentType: null,
          payload: '{}',
        },
        urls: [
          {
            urlHash: 'h1',
            canonical: 'https://evil.test/',
            scheme: 'https',
            host: 'evil.test',
            isIp: false,
            registrableDomain: 'evil.test',
            publicSuffix: 'test',
            tld: 'test',
            path: '/',
            features: '',
            threat: 'phishing',
            brandId: null,
            brandConfidence: null,
            brandEvidence: null,
            seenAt: t,
          },
        ],
      },
    ],
  });
  const urlId = (await db.kysely.selectFrom('urls').select('id').executeTakeFirstOrThrow()).id;
  const cases: [string, string, string | null, string | null][] = [
    // first reported, opened, requested, down
    ['2024-04-01T10:00:00', '2024-04-02T10:00:00', '2024-04-02T10:00:00', '2024-04-04T10:00:00'], // 48 h, 72 h
    ['2024-04-09T00:00:00', '2024-04-10T00:00:00', '2024-04-10T00:00:00', '2024-04-10T06:00:00'], // 6 h, 30 h
    ['2024-04-19T00:00:00', '2024-04-20T00:00:00', null, '2024-04-21T00:00:00'], // no request, 48 h
    ['2024-04-24T00:00:00', '2024-04-25T00:00:00', '2024-04-25T00:00:00', null], // still up
    ['2024-03-29T00:00:00', '2024-03-30T00:00:00', '2024-03-30T00:00:00', '2024-04-05T00:00:00'], // 144 h, 168 h
    ['2024-03-14T00:00:00', '2024-03-15T00:00:00', '2024-03-15T00:00:00', '2024-03-16T12:00:00'], // March: 36 h
  ];
  await db.kysely
    .insertInto('takedown_cases')
    .values(
      cases.map(([first, opened, requested, down]) => ({
        url_id: urlId,
        scope: 'url' as const,
        target_url: 'https://evil.test/',
        target_host: 'evil.test',
        target_domain: 'evil.test',
        state: down ? 'down' : 'requested',
        contacts: '[]',
        first_reported_at: at(first),
        opened_at: at(opened),
        requested_at: requested ? at(requested) : null,
        down_at: down ? at(down) : null,
        updated_at: at(opened),
      })),
    )
    .execute();
}

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe.each(DIALECTS)('takedown figures of a month (%s)', (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(dialect);
    await seed(db);
  });
  afterAll(async () => db?.drop());

  it('counts cases opened and taken down in the month with the median time to takedown', async () => {
    const stats = createStatsService({ repo: createStatsRepository(db), clock: fixedClock(0) });
    const s = await stats.computeMonth({ month: '2024-04' });
    expect(s.takedowns).toEqual({
      opened: 4,
      takenDown: 4,
      // From the request: 6, 48, 144 h (one case had none). From the first report: 30, 48, 72, 168 h.
      medianMs: 48 * H,
      medianFromReportMs: 60 * H,
      previous: { opened: 2, takenDown: 1, medianMs: 36 * H },
    });
    const range = await stats.computeMonth({ from: '2024-04-10', to: '2024-04-10' });
    expect(range.takedowns).toMatchObject({ opened: 1, takenDown: 1, medianMs: 6 * H });
  });
});
