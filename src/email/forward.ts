import { decodeWords, parseMailDate } from './headers.ts';
import type { EmailAddress } from './types.ts';

/**
 * Inline forwards: the original pasted into the body under a marker line and a short header
 * block. Phishing mail fakes reply threads ("-----Original Message-----" under the lure), so
 * markers that also introduce replies only count when the subject says Fwd/FW/転送, and every
 * marker must sit near the top (below at most a short comment from the forwarder).
 */

export interface InlineForward {
  from: EmailAddress | null;
  subject: string | null;
  date: string | null;
  /** The forwarded body: everything below the header block. */
  body: string;
  /** The marker line's key phrase, to find the same place in the HTML part. */
  marker: string;
}

const MAX_PREAMBLE = 4000;
const EXPLICIT = [
  /^[ \t>]*[-=]{2,}[ \t]*(Forwarded message|転送メッセージ|転送されたメッセージ|Weitergeleitete Nachricht|Message transféré|Mensaje reenviado|Mensagem encaminhada|Messaggio inoltrato)[ \t]*[-=]*[ \t]*$/im,
  /^[ \t>]*(Begin forwarded message|転送されたメッセージ|Début du message réexpédié|Inizio messaggio inoltrato)[ \t]*[:：][ \t]*$/im,
];
const REPLY_LIKE = [
  /^[ \t>]*-{2,}[ \t]*(Original Message|元のメッセージ|Ursprüngliche Nachricht|Message d'origine|Mensaje original|Mensagem original)[ \t]*-{2,}[ \t]*$/im,
  /^[ \t>]*(_{20,})[ \t]*$/m, // Outlook: a rule, then "From: / Sent: / To: / Subject:"
];
const FORWARD_SUBJECT = /^\s*(?:\[[^\]]*\]\s*)?(?:fwd?|fw|tr|wg|rv|enc|転送)\s*[:：]/i;

const KEYS: Record<string, 'from' | 'date' | 'subject' | 'other'> = {
  from: 'from',
  von: 'from',
  de: 'from',
  da: 'from',
  差出人: 'from',
  送信者: 'from',
  date: 'date',
  sent: 'date',
  datum: 'date',
  gesendet: 'date',
  envoyé: 'date',
  enviado: 'date',
  fecha: 'date',
  data: 'date',
  日付: 'date',
  日時: 'date',
  送信日時: 'date',
  subject: 'subject',
  betreff: 'subject',
  objet: 'subject',
  asunto: 'subject',
  assunto: 'subject',
  oggetto: 'subject',
  件名: 'subject',
  to: 'other',
  an: 'other',
  à: 'other',
  para: 'other',
  a: 'other',
  宛先: 'other',
  cc: 'other',
  'reply-to': 'other',
};

/** "Name <a@b>", "Name [mailto:a@b]", "a@b" or just a name. */
export function parseLooseAddress(value: string): EmailAddress | null {
  const text = decodeWords(value).replace(/\*/g, '').trim();
  if (!text) return null;
  const m =
    text.match(/^(.*?)<\s*([^<>\s]+@[^<>\s]+)\s*>/) ??
    text.match(/^(.*?)\[mailto:([^\]\s]+)\]/i) ??
    text.match(/^(.*?)([^\s<>"'()[\]:;,]+@[^\s<>"'()[\]:;,]+)/);
  const name = (m ? m[1]! : text).replace(/^[\s"'“]+|[\s"'”]+$/g, '') || null;
  return { name, address: m ? m[2]! : null };
}

/** Forward header dates: RFC-ish, Gmail "Mon, Jan 1, 2024 at 10:00 AM", Japanese "2024年1月1日(月) 10:00". */
export function parseLooseDate(value: string): string | null {
  const ja = value.match(
    /(\d{4})\s*[年/-]\s*(\d{1,2})\s*[月/-]\s*(\d{1,2})\s*日?[^\d]*?(\d{1,2}):(\d{2})(?::(\d{2}))?/,
  );
  if (ja && /年|[(（][日月火水木金土][)）]/.test(value)) {
    const [, y, mo, d, h, mi, s] = ja;
    const iso = `${y}-${mo!.padStart(2, '0')}-${d!.padStart(2, '0')}T${h!.padStart(2, '0')}:${mi}:${s ?? '00'}+09:00`;
    const time = Date.parse(iso);
    return Number.isNaN(time) ? null : new Date(time).toISOString();
  }
  return parseMailDate(
    value.replace(/\s+(?:at|um|à|a las|alle|às)\s+/i, ' ').replace(/\b(?:de|del)\b/g, ' '),
  );
}

interface Block {
  from: EmailAddress | null;
  subject: string | null;
  date: string | null;
  end: number;
}

function readHeaderBlock(text: string, start: number): Block | null {
  const block: Block = { from: null, subject: null, date: null, end: start };
  let pos = start;
  let seen = 0;
  let blank = 0;
  for (let n = 0; n < 40 && pos < text.length; n++) {
    const eol = text.indexOf('\n', pos);
    const next = eol < 0 ? text.length : eol + 1;
    const line = text
      .slice(pos, eol < 0 ? text.length : eol)
      .replace(/^[ \t>]+/, '')
      .trimEnd();
    if (line === '') {
      if (seen > 0 || ++blank > 2) break;
      pos = next;
      continue;
    }
    const m = line.match(/^\*?([^:：*]{1,24}?)\*?[ \t]*[:：]\*?[ \t]*(.*)$/);
    const key = m ? KEYS[m[1]!.trim().toLowerCase()] : undefined;
    if (!m || !key) {
      if (seen > 0 && m && /^[A-Za-z-]{2,24}$/.test(m[1]!.trim())) {
        pos = next; // an unknown header of the block ("Importance:", "Reply-To:")
        continue;
      }
      break;
    }
    seen++;
    const value = m[2]!.trim();
    if (key === 'from' && !block.from) block.from = parseLooseAddress(value);
    else if (key === 'subject' && block.subject === null) block.subject = decodeWords(value) || null;
    else if (key === 'date' && block.date === null) block.date = parseLooseDate(value);
    pos = next;
    block.end = pos;
  }
  return block.from || block.subject ? block : null;
}

function findAt(text: string, subject: string | null): InlineForward | null {
  const forwardSubject = subject !== null && (FORWARD_SUBJECT.test(subject) || subject.includes('転送'));
  // Markers only count near the top, so only the top is searched (the offsets stay those of `text`).
  const head = text.slice(0, MAX_PREAMBLE + 200);
  const candidates = [...EXPLICIT, ...(forwardSubject ? REPLY_LIKE : [])]
    .map((re) => ({ re, m: head.match(re) }))
    .filter((c) => c.m && c.m.index! <= MAX_PREAMBLE)
    .sort((a, b) => a.m!.index! - b.m!.index!);
  for (const { re, m } of candidates) {
    const lineEnd = text.indexOf('\n', m!.index! + m![0].length);
    const block = readHeaderBlock(text, lineEnd < 0 ? text.length : lineEnd + 1);
    if (!block || (re === REPLY_LIKE[1] && !block.from)) continue;
    return {
      from: block.from,
      subject: block.subject,
      date: block.date,
      body: text.slice(block.end).replace(/^\s+/, ''),
      marker: m![1]!,
    };
  }
  return null;
}

/**
 * The innermost inline forward in `text`, following at most `maxDepth` nested forwards; null
 * when the text is not a forward. `depth` says how many levels were followed.
 */
export function findInlineForward(
  text: string,
  subject: string | null,
  maxDepth: number,
): (InlineForward & { depth: number }) | null {
  let found: (InlineForward & { depth: number }) | null = null;
  let currentText = text;
  let currentSubject = subject;
  for (let depth = 1; depth <= maxDepth; depth++) {
    const next = findAt(currentText, currentSubject);
    if (!next) break;
    found = { ...next, depth };
    currentText = next.body;
    currentSubject = next.subject;
  }
  return found;
}
