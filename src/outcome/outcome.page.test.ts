import { describe, expect, it } from 'vitest';
import { pageContext } from '../pages/layout.tsx';
import { renderReportStatus } from './outcome.page.tsx';

describe('report status page', () => {
  // Whatever a canonical URL may still carry, it is rendered as text, never as markup or a link.
  it('escapes hostile URL text and links nothing reported', () => {
    const html = renderReportStatus(pageContext('ja', '/report/status/x'), {
      id: '5aa6e8a4-9597-4266-851e-c7a35ae9020e',
      receivedAt: Date.UTC(2026, 4, 22, 1),
      outcome: 'under_review',
      urls: [
        {
          url: 'hxxps://evil[.]test/"><script>alert(1)</script><img src=x onerror=alert(2)>',
          outcome: 'confirmed',
        },
      ],
    });
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('href="hxxps');
    expect(html).toContain('<li data-outcome="confirmed">');
  });

  it('says only that the report was received before it is analysed, in English too', () => {
    const html = renderReportStatus(pageContext('en', '/report/status/x'), {
      id: '5aa6e8a4-9597-4266-851e-c7a35ae9020e',
      receivedAt: Date.UTC(2026, 4, 22, 1),
      outcome: 'received',
      urls: [],
    });
    expect(html).toContain('Received. Automatic analysis will start shortly.');
    expect(html).not.toContain('Outcome per reported URL');
  });
});
