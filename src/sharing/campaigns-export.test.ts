import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, DIALECTS, type TestDb } from '../../test/databases.ts';
import { readMispEvent, readMispManifest } from '../feeds/misp.ts';
import { fixedClock } from '../lib/clock.ts';
import { createSharingRepository } from './sharing.repository.ts';
import { createSharingService } from './sharing.service.ts';
import { seedBrand, seedReportedUrl } from './testing/seed.ts';
import { createStixValidator } from './testing/stix-validator.ts';

describe.each(DIALECTS)('campaigns in STIX and MISP exports on %s', (dialect) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await createTestDb(dialect);
  });
  afterAll(async () => {
    await db?.drop();
  });

  it('exports a campaign with indicates relationships, and one MISP event per campaign and per day', async () => {
    const brand = await seedBrand(db, 'camp-brand');
    const at = Date.UTC(2026, 4, 1);
    const inCampaign = [
      await seedReportedUrl(db, { url: 'https://c1-phish.example/', brandId: brand, confirm: true, at }),
      await seedReportedUrl(db, {
        url: 'https://c2-phish.example/',
        brandId: brand,
        tlp: 'green',
        confirm: true,
        at,
      }),
    ];
    await seedReportedUrl(db, { url: 'https://lone-phish.example/', confirm: true, at });
    const campaign = await db.kysely
      .insertInto('campaigns')
      .values({
        name: 'CAMP-BRAND 2026-05-01',
        brand_id: brand,
        status: 'open',
        merged_into: null,
        created_by: 'auto',
        creator_id: null,
        created_at: at,
        updated_at: at,
        first_seen: at,
        last_seen: at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const urlId of inCampaign)
      await db.kysely
        .insertInto('campaign_urls')
        .values({ url_id: urlId, campaign_id: Number(campaign.id), added_at: at })
        .execute();

    const sharing = createSharingService({
      repo: createSharingRepository(db),
      clock: fixedClock(Date.UTC(2026, 4, 2)),
      organisationName: 'Test org',
      defaultTlp: 'clear',
    });
    const bundle = await sharing.stixBundle({ clearance: 'green', brandIds: null });
    const check = createStixValidator();
    for (const o of bundle.objects) expect({ id: o.id, errors: check(o) }).toEqual({ id: o.id, errors: [] });
    const camp = bundle.objects.filter((o) => o.type === 'campaign');
    expect(camp).toHaveLength(1);
    expect(camp[0]).toMatchObject({ name: 'CAMP-BRAND 2026-05-01' });
    // the campaign is marked like its most restricted URL in this export (GREEN)
    expect(camp[0]!.object_marking_refs).toEqual([
      'marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb',
    ]);
    const rels = bundle.objects.filter((o) => o.type === 'relationship');
    expect(rels).toHaveLength(2);
    expect(rels.every((r) => r.target_ref === camp[0]!.id && r.relationship_type === 'indicates')).toBe(true);

    // CLEAR only: the campaign comes with the one CLEAR URL, marked CLEAR
    const clearBundle = await sharing.stixBundle({ clearance: 'clear', brandIds: null });
    expect(clearBundle.objects.filter((o) => o.type === 'relationship')).toHaveLength(1);

    const misp = await sharing.mispEvents({ clearance: 'green', brandIds: null });
    const manifest = readMispManifest(misp.manifest);
    expect(manifest).toHaveLength(2);
    const urlsByEvent = misp.events.map((e) => ({
      info: e.Event.info,
      urls: readMispEvent(e).flatMap((x) => ('item' in x ? [x.item.url] : [])),
    }));
    expect(urlsByEvent).toContainEqual({
      info: 'Phishing campaign: CAMP-BRAND 2026-05-01',
      urls: ['https://c1-phish.example/', 'https://c2-phish.example/'],
    });
    expect(urlsByEvent.find((e) => e.info.startsWith('Phishing URLs confirmed'))!.urls).toEqual([
      'https://lone-phish.example/',
    ]);
    expect(misp.hashesCsv.trim().split('\n')).toHaveLength(6); // url + domain attribute per URL
  });
});
