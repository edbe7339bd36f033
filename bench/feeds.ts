/**
 * Feed readers: rows per second of the streaming PhishTank JSON reader on a synthetic dump the size of
 * PhishTank's real one (~60k–200k entries), over a loopback HTTP server through fetchFeed, beside a
 * baseline of the naive way (download whole, JSON.parse) measured in the same run; peak heap for both.
 * `npx tsx bench/feeds.ts [--rows N]`
 */

import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fetchFeed } from '../src/feeds/fetcher.ts';
import { readPhishtankJson } from '../src/feeds/phishtank.ts';
import { testOutbound } from '../src/fetch/testing/outbound.ts';
import { fmt, machine, tempDir, timed } from './lib.ts';

const rowsArg = process.argv.indexOf('--rows');
const ROWS = rowsArg > 0 ? Number(process.argv[rowsArg + 1]) : 200_000;

function buildDump(file: string) {
  const out = fs.createWriteStream(file);
  out.write('[');
  for (let i = 0; i < ROWS; i++) {
    const id = 8_000_000 + i;
    const row = {
      phish_id: id,
      url: `https://login-${i % 997}.secure-verify-${i % 31}.top/account/${id}/signin.php?session=${(i * 7919) % 100000}`,
      phish_detail_url: `http://www.phishtank.com/phish_detail.php?phish_id=${id}`,
      submission_time: '2024-01-30T10:12:45+00:00',
      verified: 'yes',
      verification_time: '2024-01-30T10:20:03+00:00',
      online: 'yes',
      details: [
        {
          ip_address: '104.21.52.113',
          cidr_block: '104.21.48.0/20',
          announcing_network: '13335',
          rir: 'arin',
          country: 'US',
          detail_time: '2024-01-30T10:20:03+00:00',
        },
      ],
      target: i % 3 === 0 ? 'PayPal' : 'Other',
    };
    out.write((i ? ',' : '') + JSON.stringify(row).replaceAll('/', '\\/'));
  }
  out.end(']');
  return new Promise<void>((r) => out.on('finish', () => r()));
}

let peak = 0;
const sampler = setInterval(() => {
  peak = Math.max(peak, process.memoryUsage().heapUsed);
}, 5);

async function main() {
  const dir = tempDir('feeds');
  const file = path.join(dir, 'online-valid.json');
  await buildDump(file);
  const size = fs.statSync(file).size;
  const server = http.createServer((_req, res) => fs.createReadStream(file).pipe(res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/online-valid.json`;
  console.log(
    `feeds — ${machine()} — PhishTank JSON dump, ${fmt(ROWS)} rows, ${(size / 2 ** 20).toFixed(1)} MiB`,
  );

  global.gc?.();
  peak = process.memoryUsage().heapUsed;
  const base0 = peak;
  const baseline = await timed(async () => {
    const res = await fetch(url);
    const rows = JSON.parse(await res.text()) as { verified: string }[];
    // The parse is synchronous, so the sampler cannot see its peak: measure right after it.
    peak = Math.max(peak, process.memoryUsage().heapUsed);
    return rows.filter((r) => r.verified === 'yes').length;
  });
  const baselinePeak = peak - base0;

  global.gc?.();
  peak = process.memoryUsage().heapUsed;
  const stream0 = peak;
  const streamed = await timed(async () => {
    const res = await fetchFeed({ outbound: testOutbound(), url });
    if (res.notModified) throw new Error('304');
    let n = 0;
    for await (const e of readPhishtankJson(res.body)) if ('item' in e) n++;
    return n;
  });
  const streamPeak = peak - stream0;

  console.log(
    `  baseline (download whole + JSON.parse): ${fmt(baseline.value / baseline.seconds)} rows/s, heap +${fmt(baselinePeak / 2 ** 20)} MiB`,
  );
  console.log(
    `  streaming reader (fetchFeed + readPhishtankJson → FeedEntry): ${fmt(streamed.value / streamed.seconds)} rows/s, heap +${fmt(streamPeak / 2 ** 20)} MiB`,
  );
  if (streamed.value !== ROWS || baseline.value !== ROWS) throw new Error('row count mismatch');
  server.close();
  clearInterval(sampler);
  fs.rmSync(dir, { recursive: true, force: true });
}

await main();
