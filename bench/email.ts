/**
 * E-mail parsing benchmark: parseEmail over every file of the phishing-pot corpus (read into memory
 * first) next to mailparser's plain simpleParser (default options) over the same buffers, in the
 * same run. Rounds alternate between the two so that neither gets a warmer JIT or a calmer GC.
 * Run: npx tsx bench/email.ts [rounds]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { parseEmail } from '../src/email/parse.ts';

const CORPUS = path.resolve(process.cwd(), '../shared/data/phishing-pot');
const rounds = Number(process.argv[2] ?? 5);

const buffers = fs
  .readdirSync(CORPUS)
  .filter((f) => f.endsWith('.eml'))
  .sort()
  .map((f) => fs.readFileSync(path.join(CORPUS, f)));
const totalMb = buffers.reduce((n, b) => n + b.length, 0) / 2 ** 20;

async function oursOnce(): Promise<{ seconds: number; withUrl: number; withDmarc: number }> {
  let withUrl = 0;
  let withDmarc = 0;
  const start = performance.now();
  for (const buffer of buffers) {
    const parsed = await parseEmail(buffer);
    if (parsed.urls.length > 0) withUrl++;
    if (parsed.auth.dmarc !== null) withDmarc++;
  }
  return { seconds: (performance.now() - start) / 1000, withUrl, withDmarc };
}

async function baselineOnce(): Promise<number> {
  let sink = 0;
  const start = performance.now();
  for (const buffer of buffers) {
    const mail = await simpleParser(buffer);
    sink += mail.text?.length ?? 0;
  }
  if (sink < 0) console.log(sink); // keeps the result alive
  return (performance.now() - start) / 1000;
}

// Warm-up: one untimed pass each.
const figures = await oursOnce();
await baselineOnce();

const ours: number[] = [];
const baseline: number[] = [];
for (let round = 0; round < rounds; round++) {
  if (round % 2 === 0) {
    ours.push((await oursOnce()).seconds);
    baseline.push(await baselineOnce());
  } else {
    baseline.push(await baselineOnce());
    ours.push((await oursOnce()).seconds);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const line = (label: string, seconds: number) =>
  `${label} ${(buffers.length / seconds).toFixed(0).padStart(6)} e-mails/s ${(totalMb / seconds).toFixed(2).padStart(7)} MB/s (median of ${rounds}, ${(seconds * 1000).toFixed(0)} ms per pass)`;

console.log(
  `corpus: ${buffers.length} e-mails, ${totalMb.toFixed(1)} MB; ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
);
console.log(line('parseEmail            ', median(ours)));
console.log(line('simpleParser (default)', median(baseline)));
console.log(`ratio parseEmail/simpleParser time: ${(median(ours) / median(baseline)).toFixed(2)}x`);
console.log(`share with ≥1 URL:        ${((figures.withUrl / buffers.length) * 100).toFixed(1)}%`);
console.log(`share with a DMARC verdict: ${((figures.withDmarc / buffers.length) * 100).toFixed(1)}%`);
