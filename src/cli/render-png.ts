// SVG -> PNG in headless Chromium (playwright-core, Debian's chromium): real Japanese type, no native addon.
export const DEFAULT_CHROMIUM = '/usr/bin/chromium';

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Grey-scale anti-aliasing: subpixel colour fringes would smear on a photo-scaled image.
  '--disable-lcd-text',
];

export class RenderError extends Error {
  override name = 'RenderError';
}

/** Renders `svg` at exactly `size` device pixels and returns the PNG bytes. */
export async function renderSvgToPng(
  svg: string,
  size: { width: number; height: number },
  executablePath: string = DEFAULT_CHROMIUM,
): Promise<Buffer> {
  // Loaded here: only this command needs a browser, and playwright-core is a development dependency.
  let chromium: typeof import('playwright-core').chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    throw new RenderError(
      'render-png: playwright-core is missing; run npm ci (with development dependencies).',
    );
  }
  let browser: Awaited<ReturnType<typeof chromium.launch>>;
  try {
    browser = await chromium.launch({ executablePath, headless: true, args: LAUNCH_ARGS });
  } catch (error) {
    const detail = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new RenderError(
      `render-png: cannot start Chromium at ${executablePath} (${detail}); run scripts/install-browser.sh or pass --chromium PATH.`,
    );
  }
  try {
    const page = await browser.newPage({ viewport: size, deviceScaleFactor: 1 });
    await page.setContent(
      `<!doctype html><html lang="ja"><body style="margin:0;background:#fff">${svg}</body></html>`,
    );
    // A string: the DOM types are not in this project's lib, and the wait must see every web font loaded.
    await page.evaluate('document.fonts.ready.then(() => true)');
    return await page.screenshot({ type: 'png', clip: { x: 0, y: 0, ...size } });
  } finally {
    await browser.close();
  }
}
