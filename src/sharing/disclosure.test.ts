import { describe, expect, it } from 'vitest';
import type { Principal } from '../accounts/principal.ts';
import { TLP_LEVELS, tlpPermits } from '../lib/tlp.ts';
import { audienceOf, markingsWithin, publicSourceKind, scopeOf, viewsOf, withinViews } from './disclosure.ts';
import { effectiveTlp } from './tlp-policy.ts';

const principal = (
  role: Principal['role'],
  tlpClearance: Principal['tlpClearance'],
  brandIds: number[] = [],
) =>
  ({
    kind: 'api-key',
    userId: 1,
    apiKeyId: 1,
    role,
    displayName: 'x',
    organisationId: 1,
    brandIds,
    tlpClearance,
  }) as Principal;

describe('disclosure rule', () => {
  it('matches stored markings in SQL exactly as effectiveTlp normalises them', () => {
    const raws = ['clear', 'CLEAR', ' tlp:white ', 'white', 'green', 'TLP:GREEN', 'amber', 'amber+strict'];
    raws.push('TLP:AMBER+STRICT', 'red', 'tlp:red', 'weird', '', 'tlp:', 'tlp:tlp:green');
    // RED clearance is staff only, for whom no condition is built at all.
    for (const clearance of TLP_LEVELS.filter((t) => t !== 'red')) {
      const within = markingsWithin(clearance);
      for (const raw of raws) {
        const sqlSide = within.includes(raw.trim().toLowerCase());
        const tsSide = tlpPermits(clearance, effectiveTlp([raw], 'red'));
        expect(sqlSide, `${raw} at ${clearance}`).toBe(tsSide);
      }
    }
  });

  it('gives staff everything, brand users their brands at most AMBER, anonymous CLEAR', () => {
    expect(audienceOf(principal('admin', 'red'))).toEqual({ staff: true });
    expect(audienceOf(principal('brand', 'red', [4]))).toEqual({
      staff: false,
      clearance: 'amber',
      brandIds: [4],
    });
    expect(audienceOf(principal('brand', 'green', [4]))).toMatchObject({ clearance: 'green' });
    expect(audienceOf(principal('partner', 'amber'))).toEqual({
      staff: false,
      clearance: 'amber',
      brandIds: null,
    });
    expect(audienceOf(null)).toEqual({ staff: false, clearance: 'clear', brandIds: null });
    expect(scopeOf(principal('analyst', 'red'))).toEqual({ clearance: 'red', brandIds: null });
  });

  it('answers brand users from their brands at their clearance and the public view of every brand', () => {
    const views = viewsOf(scopeOf(principal('brand', 'amber', [1])));
    expect(withinViews(views, { tlp: 'amber', brandId: 1 })).toBe(true);
    expect(withinViews(views, { tlp: 'amber', brandId: 2 })).toBe(false);
    expect(withinViews(views, { tlp: 'green', brandId: null })).toBe(false);
    expect(withinViews(views, { tlp: 'clear', brandId: 2 })).toBe(true);
    expect(withinViews(views, { tlp: 'red', brandId: 1 })).toBe(false);
    expect(viewsOf(scopeOf(principal('brand', 'clear', [1])))).toEqual([
      { clearance: 'clear', brandIds: null },
    ]);
    expect(viewsOf(scopeOf(principal('partner', 'amber')))).toEqual([{ clearance: 'amber', brandIds: null }]);
  });
  it('names only public source kinds', () => {
    expect(publicSourceKind('jpcert')).toBe('jpcert');
    expect(publicSourceKind('web')).toBe('web');
    for (const k of ['misp', 'taxii', 'stix', 'generic', '=1+2']) expect(publicSourceKind(k)).toBe('other');
  });
});
