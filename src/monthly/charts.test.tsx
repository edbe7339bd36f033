import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { niceStep, ShareBars, TrendChart } from './charts.tsx';

describe('server-side charts', () => {
  it('steps the axis in whole round numbers that cover the largest value', () => {
    expect(niceStep(1, 4)).toBe(1);
    expect(niceStep(3, 4)).toBe(1);
    expect(niceStep(7250, 4)).toBe(2000);
    expect(niceStep(181_443, 4)).toBe(50_000);
    expect(niceStep(20_000, 4)).toBe(5000);
  });

  it('draws accessible SVG with the figures, and escapes labels', () => {
    const trend = renderToStaticMarkup(
      <TrendChart
        title="推移"
        description="説明"
        barLabel="報告件数"
        lineLabel="URL件数"
        points={[
          { label: '26/03', bar: 1200, line: 900 },
          { label: '26/04', bar: 7250, line: null },
        ]}
      />,
    );
    expect(trend).toMatch(/^<svg[^>]*role="img"[^>]*aria-labelledby="([^" ]+) ([^"]+)"/);
    const [, titleId, descId] = /aria-labelledby="([^" ]+) ([^"]+)"/.exec(trend)!;
    expect(trend).toContain(`<title id="${titleId}">推移</title>`);
    expect(trend).toContain(`<desc id="${descId}">説明</desc>`);
    expect(trend).toContain('8,000');
    expect(trend).toContain('<title>26/04: 7,250</title>');
    const bars = renderToStaticMarkup(
      <ShareBars title="t" description="d" items={[{ label: '<b>x</b>', share: 0.223, count: 12345 }]} />,
    );
    expect(bars).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(bars).toContain('22.3% (12,345)');
  });
});
