/** One element of a streamed JSON array, or why it could not be read; `line` is where it starts (1-based). */
export type JsonElement = { value: unknown; line: number } | { error: string; line: number };

const WS = new Set([' ', '\t', '\n', '\r']);

/**
 * Yields the elements of a large JSON array one by one without holding the whole document: the top-level
 * array (`key` omitted, e.g. a PhishTank dump) or the array under a top-level key (`key: 'objects'` of a
 * STIX bundle). Only element boundaries are tracked (depth, strings, escapes); each element is then
 * handed to JSON.parse, so a broken element becomes an error entry and the ones after it are still read.
 * A document of the wrong shape ends with a single error entry, never an exception.
 */
export async function* streamJsonArray(
  input: AsyncIterable<string | Uint8Array>,
  options: { key?: string } = {},
): AsyncGenerator<JsonElement> {
  const decoder = new TextDecoder('utf-8');
  const elementDepth = options.key === undefined ? 1 : 2;
  let depth = 0;
  let inString = false;
  let escaped = false;
  let line = 1;
  let started = false;
  /** Inside the array whose elements we yield. */
  let inTarget = false;
  let targetSeen = false;
  // Key tracking at depth 1 of the top-level object (only when `key` is given).
  let keyBuf = '';
  let readingKey = false;
  let lastKey: string | null = null;
  let awaitingValueOf: string | null = null;
  // The element being captured: text of earlier chunks plus the start index in the current chunk.
  let capturing = false;
  let captured = '';
  let captureStart = 0;
  let captureLine = 0;

  function finishElement(text: string): JsonElement {
    const trimmed = text.trim();
    try {
      return { value: JSON.parse(trimmed), line: captureLine };
    } catch (e) {
      return { error: `unreadable JSON element: ${(e as Error).message}`, line: captureLine };
    }
  }

  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    const out: JsonElement[] = [];
    captureStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === '\n') line++;
      if (inString) {
        if (escaped) escaped = false;
        else if (c === '\\') escaped = true;
        else if (c === '"') {
          inString = false;
          if (readingKey) {
            readingKey = false;
            lastKey = keyBuf;
          }
        } else {
          // Most bytes of a feed are inside strings (URLs): jump to the next quote or backslash.
          let next = text.length;
          const q = text.indexOf('"', i + 1);
          if (q !== -1) next = q;
          const b = text.indexOf('\\', i + 1);
          if (b !== -1 && b < next) next = b;
          if (readingKey) keyBuf += text.slice(i, next);
          i = next - 1;
        }
        continue;
      }
      if (!started) {
        if (WS.has(c) || c === '\uFEFF') continue;
        const want = options.key === undefined ? '[' : '{';
        if (c !== want) {
          yield { error: `expected a JSON ${want === '[' ? 'array' : 'object'} at the top level`, line };
          return;
        }
        started = true;
        depth = 1;
        inTarget = options.key === undefined;
        continue;
      }
      // Start of an element: the first significant character at element depth inside the target array.
      if (inTarget && !capturing && depth === elementDepth && !WS.has(c) && c !== ',' && c !== ']') {
        capturing = true;
        captured = '';
        captureStart = i;
        captureLine = line;
      }
      if (c === '"') {
        inString = true;
        if (options.key !== undefined && depth === 1 && awaitingValueOf === null) {
          readingKey = true;
          keyBuf = '';
        }
        continue;
      }
      if (c === ':' && depth === 1 && options.key !== undefined) {
        awaitingValueOf = lastKey;
        continue;
      }
      if (c === '{' || c === '[') {
        if (depth === 1 && options.key !== undefined && awaitingValueOf === options.key && c === '[') {
          inTarget = true;
          targetSeen = true;
        }
        if (depth === 1) awaitingValueOf = null;
        depth++;
        continue;
      }
      if (c === '}' || c === ']') {
        if (inTarget && depth === elementDepth && capturing) {
          out.push(finishElement(captured + text.slice(captureStart, i)));
          capturing = false;
        }
        depth--;
        if (inTarget && depth === elementDepth - 1) inTarget = false;
        continue;
      }
      if (c === ',') {
        if (depth === 1) awaitingValueOf = null;
        if (inTarget && depth === elementDepth && capturing) {
          out.push(finishElement(captured + text.slice(captureStart, i)));
          capturing = false;
        }
      }
    }
    if (capturing) captured += text.slice(captureStart);
    yield* out;
  }
  if (!started) {
    yield { error: 'empty document', line };
  } else if (depth !== 0 || inString) {
    if (capturing) yield { error: 'document ends inside this element (truncated?)', line: captureLine };
    else yield { error: 'document ends before its closing bracket (truncated?)', line };
  } else if (options.key !== undefined && !targetSeen) {
    yield { error: `no "${options.key}" array in the document`, line };
  }
}
