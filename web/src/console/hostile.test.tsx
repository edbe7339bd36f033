import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DefangedUrl, Hostile, HostileBlock } from './ui.tsx';

const RLO = '\u202E';

describe('hostile text in the console', () => {
  it('cannot flip itself or its neighbours: controls shown as markers, the text isolated', () => {
    const subject = renderToStaticMarkup(<Hostile>{`請求書${RLO}fdp.exe`}</Hostile>);
    expect(subject).toBe('<span class="hostile" dir="auto">請求書[U+202E]fdp.exe</span>');
    const url = renderToStaticMarkup(<DefangedUrl url={`https://evil.example/${RLO}gpj.exe`} />);
    expect(url).toBe('<code class="hostile url" dir="ltr">hxxps://evil[.]example/[U+202E]gpj.exe</code>');
    const given = renderToStaticMarkup(<DefangedUrl url="x" defanged={`hxxps://a[.]example/\u2067x`} />);
    expect(given).toContain('[U+2067]');
    const block = renderToStaticMarkup(<HostileBlock className="email-text">{`a\u2066b\nc`}</HostileBlock>);
    expect(block).toBe('<pre class="hostile email-text" dir="auto">a[U+2066]b\nc</pre>');
    for (const html of [subject, url, given, block]) expect(html).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
  });
});
