import { withChromium } from '../browser/chromium.ts';
import type { Config } from '../config.ts';

/**
 * Chromium's print of the report page: the very HTML the page route serves (set as the page content, so
 * nothing is fetched: the page has no script and no external resource), printed with the print CSS on
 * A4. JavaScript is off in the throwaway context.
 */
export async function printHtmlToPdf(config: Pick<Config, 'browser'>, html: string): Promise<Buffer> {
  return withChromium(config, async (browser) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      // Nothing may leave the machine: the report page references no resource, refuse any that appears.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(html, { waitUntil: 'load' });
      await page.emulateMedia({ media: 'print' });
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await context.close();
    }
  });
}
