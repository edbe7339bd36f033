import type { ReactNode } from 'react';

/**
 * A small, safe Markdown subset rendered to React elements (so every character of the source is text,
 * escaped by React; raw HTML in the source is shown as text, never interpreted):
 * `#`–`###` headings, paragraphs, `-`/`*` and `1.` lists, `>` quotes, `**bold**`, `` `code` ``, and
 * `[text](url)` links whose target is http(s), mailto: or a path on this site (isOnSitePath; anything else
 * is text).
 */
export function renderMarkdown(source: string): ReactNode {
  const lines = source.replace(/\r\n?/g, '\n').split('\n');
  const blocks: ReactNode[] = [];
  let i = 0;
  let key = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
      continue;
    }
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    if (heading) {
      const level = heading[1]!.length + 1; // # → h2: the page title is the h1
      const content = inline(heading[2]!);
      blocks.push(
        level === 2 ? (
          <h2 key={key++}>{content}</h2>
        ) : level === 3 ? (
          <h3 key={key++}>{content}</h3>
        ) : (
          <h4 key={key++}>{content}</h4>
        ),
      );
      i++;
      continue;
    }
    if (/^\s*([-*])\s+/.test(line) || /^\s*\d+[.)]\s+/.test(line)) {
      const ordered = /^\s*\d+[.)]\s+/.test(line);
      const pattern = ordered ? /^\s*\d+[.)]\s+(.*)$/ : /^\s*[-*]\s+(.*)$/;
      const items: ReactNode[] = [];
      while (i < lines.length && pattern.test(lines[i]!)) {
        items.push(<li key={items.length}>{inline(pattern.exec(lines[i]!)![1]!)}</li>);
        i++;
      }
      blocks.push(ordered ? <ol key={key++}>{items}</ol> : <ul key={key++}>{items}</ul>);
      continue;
    }
    if (line.startsWith('>')) {
      const quoted: string[] = [];
      while (i < lines.length && lines[i]!.startsWith('>')) quoted.push(lines[i++]!.replace(/^>\s?/, ''));
      blocks.push(<blockquote key={key++}>{inline(quoted.join(' '))}</blockquote>);
      continue;
    }
    const para: string[] = [];
    while (
      i < lines.length &&
      lines[i]!.trim() !== '' &&
      !/^(#{1,3})\s/.test(lines[i]!) &&
      !/^\s*([-*]|\d+[.)])\s+/.test(lines[i]!) &&
      !lines[i]!.startsWith('>')
    ) {
      para.push(lines[i++]!.trim());
    }
    blocks.push(<p key={key++}>{inline(para.join(' '))}</p>);
  }
  return blocks;
}

/**
 * A path on this site: one leading slash and no backslash anywhere. Browsers read `\` as `/` in http(s)
 * URLs, so `/\evil.example` is `//evil.example`, another site; such a target is not a link at all.
 */
export function isOnSitePath(href: string): boolean {
  return /^\/(?![/\\])[^\s\\]*$/.test(href);
}

const SAFE_HREF = /^(https?:\/\/[^\s\\]+|mailto:[^\s]+)$/i;

/** Inline spans: links, bold and code; everything else is plain text. */
function inline(text: string): ReactNode[] {
  const out: ReactNode[] = [];
  const pattern = /\[([^\]]+)\]\(([^)\s]+)\)|\*\*([^*]+)\*\*|`([^`]+)`/g;
  let last = 0;
  let key = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    if (m[1] !== undefined) {
      const href = m[2]!;
      out.push(
        isOnSitePath(href) || SAFE_HREF.test(href) ? (
          <a key={key++} href={href} {...(isOnSitePath(href) ? {} : { rel: 'noopener noreferrer nofollow' })}>
            {m[1]}
          </a>
        ) : (
          m[0]
        ),
      );
    } else if (m[3] !== undefined) {
      out.push(<strong key={key++}>{m[3]}</strong>);
    } else {
      out.push(<code key={key++}>{m[4]}</code>);
    }
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}
