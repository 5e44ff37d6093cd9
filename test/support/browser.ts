import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CONSOLE_DIST } from '../../src/console/serve-console.js';

/** Where the browser tests save the screenshots that the README shows. */
export const SCREENSHOTS = join(process.cwd(), 'docs', 'screenshots');

/**
 * The machine's Chromium (scripts/ensure-chromium.sh installs Debian's), driven by playwright-core,
 * which downloads no browser of its own. Fails, rather than skips, when the browser or the console
 * build is missing: `npm test` provides both.
 */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(join(CONSOLE_DIST, 'index.html'))) throw new Error(`no console build in ${CONSOLE_DIST}: run npm run build:console (npm test does)`);
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(executablePath)) throw new Error(`no Chromium at ${executablePath}: run bash scripts/ensure-chromium.sh (npm test does)`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  // As root (CI), Chromium runs only without its sandbox.
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-dev-shm-usage'] });
}

/** A fresh browser session (its own storage) signed in as a demo user through the development sign-in page. */
export async function signedIn(browser: Browser, base: string, sub: string, viewport = { width: 1280, height: 800 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  const errors: Error[] = [];
  page.on('pageerror', (error) => errors.push(error));
  try {
    await page.goto(`${base}/`);
    await page.locator(`button[data-sub="${sub}"]`).click({ timeout: 10_000 });
    await page.getByRole('navigation', { name: '主导航' }).waitFor({ timeout: 10_000 });
  } catch (error) {
    // What the page showed instead, and why, rather than a bare timeout.
    throw new Error(`signing in as ${sub} failed: ${(error as Error).message}\npage errors: ${errors.map(String).join('; ')}\npage: ${(await page.locator('body').innerText()).slice(0, 1000)}`);
  }
  if (errors.length) throw errors[0];
  return page;
}

export const screenshot = (page: Page, name: string, fullPage = false) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });

/** Every input, select and textarea of the page without an accessible name (a string run in the page: the tests have no DOM types). */
export const unlabelledControls = (page: Page) =>
  page.evaluate<string[]>(`[...document.querySelectorAll('input, select, textarea')]
    .filter((el) => !el.labels?.length && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
    .map((el) => el.outerHTML)`);
