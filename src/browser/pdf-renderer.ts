import { createHash } from 'node:crypto';
import type { BrowserPool } from './browser-pool.ts';

export type PrintOptions = {
  /** Apply the print stylesheet (the monthly report) and its @page size. */
  printMedia?: boolean;
  margin?: { top: string; bottom: string; left: string; right: string };
};

export type PdfRendererStats = { renders: number; cacheHits: number; cachedBytes: number };

export type PdfRenderer = {
  /** Chromium's print of a self-contained HTML document (scripts off, every request refused). */
  print(html: string, options?: PrintOptions): Promise<Buffer>;
  stats(): PdfRendererStats;
};

/**
 * PDFs from our own HTML, printed on the shared document browser and cached by content: the key is the
 * hash of the document and its print options, so a new version of a document is a new key and an
 * unchanged one is never printed twice. Identical requests in flight share one print. The cache keeps
 * the most recently used PDFs up to `cacheBytes` (0 turns it off).
 */
export function createPdfRenderer(deps: { pool: BrowserPool; cacheBytes: number }): PdfRenderer {
  const cache = new Map<string, Buffer>();
  const printing = new Map<string, Promise<Buffer>>();
  const counts = { renders: 0, cacheHits: 0 };
  let cachedBytes = 0;

  function remember(key: string, pdf: Buffer): void {
    if (pdf.length > deps.cacheBytes) return;
    cache.set(key, pdf);
    cachedBytes += pdf.length;
    for (const [oldest, old] of cache) {
      if (cachedBytes <= deps.cacheBytes) break;
      cache.delete(oldest);
      cachedBytes -= old.length;
    }
  }

  async function render(html: string, options: PrintOptions): Promise<Buffer> {
    counts.renders++;
    return deps.pool.run(async (browser) => {
      const context = await browser.newContext({ javaScriptEnabled: false });
      try {
        const page = await context.newPage();
        // Nothing may leave the machine: the documents reference no resource, refuse any that appears.
        await page.route('**/*', (route) => route.abort());
        await page.setContent(html, { waitUntil: 'load' });
        if (options.printMedia) await page.emulateMedia({ media: 'print' });
        return await page.pdf({
          format: 'A4',
          printBackground: true,
          ...(options.printMedia ? { preferCSSPageSize: true } : {}),
          ...(options.margin ? { margin: options.margin } : {}),
        });
      } finally {
        await context.close();
      }
    });
  }

  return {
    async print(html, options = {}) {
      const key = createHash('sha256')
        .update(JSON.stringify(options))
        .update('\0')
        .update(html)
        .digest('hex');
      const cached = cache.get(key);
      if (cached) {
        counts.cacheHits++;
        // Most recently used last: eviction takes the front of the map.
        cache.delete(key);
        cache.set(key, cached);
        return cached;
      }
      let job = printing.get(key);
      if (job) {
        counts.cacheHits++;
        return job;
      }
      job = render(html, options).then((pdf) => {
        remember(key, pdf);
        return pdf;
      });
      printing.set(key, job);
      try {
        return await job;
      } finally {
        printing.delete(key);
      }
    },
    stats: () => ({ ...counts, cachedBytes }),
  };
}
