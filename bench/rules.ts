/**
 * Triage rules replay (issue 16): one real month, JPCERT/CC's 2023-06 rows, entered as a `public` source
 * (so trust alone confirms nothing), mixed with the legitimate links of the Phishing Pot e-mails, through
 * the default rule set, the way production runs it (import, then the rules.evaluate jobs). Prints the share
 * decided automatically, the share left to people, and the benign links wrongly confirmed (target: none),
 * beside the time the import alone took in the same run.
 *
 * "Legitimate" here means a link found in one of the 395 e-mails whose host is an official domain of a
 * brand in the registry (a brand's own site, its unsubscribe and help pages): the only ground truth the
 * corpus gives for benign links. Outbound visits are off (the network is closed), so no liveness or capture
 * fact exists: this measures what the URL, its source and its reporters decide alone; with evidence on
 * arrival switched on, the capture rules decide more.
 * Run: npm run bench -- rules
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { loadConfig } from '../src/config.ts';
import { createContext } from '../src/context.ts';
import { parseEmail } from '../src/email/parse.ts';
import { readFeedFile } from '../src/feeds/feed-file.ts';
import type { FeedEntry } from '../src/feeds/feed-item.ts';
import { analyzeUrl } from '../src/urls/analyze.ts';
import { fmt, JPCERT_DIR, SHARED_DATA, tempDir, timed } from './lib.ts';

const MONTH = path.join(JPCERT_DIR, '202306.csv');
const CORPUS = path.join(SHARED_DATA, 'phishing-pot');
const PHISHING_SOURCE = 'jpcert-2023-06-replay';
const LINKS_SOURCE = 'phishing-pot-links';

/** Every distinct URL in the e-mails (as found; http(s) only). */
async function emailUrls(): Promise<string[]> {
  const out = new Set<string>();
  for (const f of fs.readdirSync(CORPUS).filter((n) => n.endsWith('.eml'))) {
    const parsed = await parseEmail(fs.readFileSync(path.join(CORPUS, f)));
    for (const u of parsed.urls) if (/^https?:\/\//i.test(u)) out.add(u);
  }
  return [...out];
}

async function* linkEntries(urls: readonly string[]): AsyncIterable<FeedEntry> {
  let n = 0;
  for (const url of urls)
    yield { item: { externalId: `link-${n++}`, url, threat: 'phishing', tlp: 'green', raw: { url } } };
}

type StatusCounts = Record<string, number>;

async function main() {
  const dir = tempDir('rules');
  const config = loadConfig({
    DATABASE_URL: `sqlite:${path.join(dir, 'replay.sqlite')}`,
    DATA_DIR: dir,
    SMTP_ENABLED: 'false',
    OUTBOUND_ENABLED: 'false',
  });
  const ctx = await createContext(config, { log: pino({ level: 'silent' }) });
  try {
    await ctx.sources.setTrust(null, { name: PHISHING_SOURCE, create: { kind: 'jpcert' } }, 'public');
    await ctx.sources.setTrust(null, { name: LINKS_SOURCE, create: { kind: 'generic' } }, 'public');

    // The legitimate links: on a brand's official domain by the registry the rules also use.
    const legitimate = (await emailUrls()).filter((u) => {
      try {
        const a = analyzeUrl(u);
        return ctx.brands.matchUrl(a)?.official === true;
      } catch {
        return false;
      }
    });

    const imported = await timed(async () => {
      const phishing = await ctx.imports.importEntries(
        { name: PHISHING_SOURCE, kind: 'jpcert' },
        readFeedFile('jpcert', MONTH),
      );
      await ctx.imports.importEntries({ name: LINKS_SOURCE, kind: 'generic' }, linkEntries(legitimate));
      return phishing;
    });
    const evaluated = await timed(() => ctx.queue.drain());

    const statuses = async (source: string): Promise<StatusCounts> => {
      const rows = await sql<{ status: string; n: number }>`
        select u.status as status, count(distinct u.id) as n
        from urls u join report_urls ru on ru.url_id = u.id join reports r on r.id = ru.report_id
        join sources s on s.id = r.source_id where s.name = ${source} group by u.status`.execute(
        ctx.db.kysely,
      );
      return Object.fromEntries(rows.rows.map((r) => [r.status, Number(r.n)]));
    };
    const phishing = await statuses(PHISHING_SOURCE);
    const links = await statuses(LINKS_SOURCE);
    const total = (c: StatusCounts) => Object.values(c).reduce((a, b) => a + b, 0);
    const decided = (c: StatusCounts) => (c.confirmed ?? 0) + (c.benign ?? 0) + (c.needs_info ?? 0);
    const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)} %`);
    const all = total(phishing) + total(links);
    const auto = decided(phishing) + decided(links);
    const allowlisted = (phishing.allowlisted ?? 0) + (links.allowlisted ?? 0);

    console.log(`2023-06 JPCERT/CC rows as a public source + ${legitimate.length} legitimate e-mail links`);
    console.log(`  URLs: ${fmt(total(phishing))} phishing (JPCERT/CC), ${fmt(total(links))} legitimate`);
    console.log(
      `  decided automatically: ${fmt(auto)} (${pct(auto, all)}); allowlisted: ${fmt(allowlisted)}; left to people: ${fmt(all - auto - allowlisted)} (${pct(all - auto - allowlisted, all)})`,
    );
    console.log(
      `  phishing rows: confirmed ${fmt(phishing.confirmed ?? 0)}, benign ${fmt(phishing.benign ?? 0)} (wrong), needs_info ${fmt(phishing.needs_info ?? 0)}, new ${fmt(phishing.new ?? 0)}`,
    );
    console.log(
      `  legitimate links: wrongly confirmed ${fmt(links.confirmed ?? 0)} (target 0), benign ${fmt(links.benign ?? 0)}, allowlisted ${fmt(links.allowlisted ?? 0)}, new ${fmt(links.new ?? 0)}`,
    );
    console.log(
      `  time: rules evaluation ${evaluated.seconds.toFixed(2)} s (${fmt(evaluated.value)} jobs) beside the import itself ${imported.seconds.toFixed(2)} s (${fmt(imported.value.rows)} rows)`,
    );
    if ((links.confirmed ?? 0) > 0) process.exitCode = 1;
  } finally {
    await ctx.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

await main();
