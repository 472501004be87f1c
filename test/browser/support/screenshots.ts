import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';

const projectRoot = path.resolve(import.meta.dirname, '../../..');
/** Git-ignored (test-results/), rewritten on every run so a person can look at the pages. */
export const SCREENSHOT_DIR = path.join(projectRoot, 'test-results/screenshots');

/** A desktop and a phone width: the site must read well at both. */
export const VIEWPORTS = {
  desktop: { width: 1280, height: 800 },
  phone: { width: 390, height: 844 },
} as const;

/**
 * Full-page screenshots of the page as it is now, at each width, as `<name>-desktop.png` and
 * `<name>-phone.png`. The page is left at the width it had.
 */
export async function screenshot(page: Page, name: string): Promise<string[]> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const original = page.viewportSize();
  const files: string[] = [];
  for (const [label, size] of Object.entries(VIEWPORTS)) {
    await page.setViewportSize(size);
    const file = path.join(SCREENSHOT_DIR, `${name}-${label}.png`);
    await page.screenshot({ path: file, fullPage: true, animations: 'disabled', caret: 'hide' });
    files.push(file);
  }
  if (original) await page.setViewportSize(original);
  return files;
}
