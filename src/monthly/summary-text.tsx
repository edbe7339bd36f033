import type { ReactNode } from 'react';
import { keyed } from './keyed.ts';

/**
 * The analyst's summary: plain text with a small Markdown subset — blank lines separate paragraphs, lines
 * starting with "- " or "* " make a list, "## " a subheading. Everything stays text (React escapes it);
 * no HTML, links or images are ever produced from it.
 */
export function SummaryText(props: { text: string }): ReactNode {
  const blocks = props.text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean);
  return (
    <>
      {keyed(blocks).map(({ key: i, item: block }) => {
        const lines = block.split('\n');
        if (lines.every((l) => /^\s*[-*] /.test(l))) {
          return (
            <ul key={i}>
              {keyed(lines).map(({ key: j, item: l }) => (
                <li key={j}>{l.replace(/^\s*[-*] /, '')}</li>
              ))}
            </ul>
          );
        }
        if (lines.length === 1 && /^#{1,3} /.test(block))
          return <h3 key={i}>{block.replace(/^#{1,3} /, '')}</h3>;
        return (
          <p key={i}>
            {keyed(lines).map(({ key: j, item: l }) => (
              <span key={j}>
                {j !== 'k0' && <br />}
                {l}
              </span>
            ))}
          </p>
        );
      })}
    </>
  );
}
