// Renders Adaptive Card JSON files with the official renderer in headless Chromium and writes one PNG per card, so a
// person can look at them. The page gets no network: every request that is not to loopback is aborted.
//   node tests/card-validator/render.mjs <manifest.json> <output folder>
// The manifest lists the cards: [{"name": "open-member-en", "file": "/abs/card.json", "click": ["Show full text"]}],
// where "click" names buttons to press first (to open an Action.ShowCard). Chromium is /usr/bin/chromium unless
// CHROMIUM_PATH says otherwise. Prints one JSON line per card: {"card","png","events","text"} (text: what the rendered
// card reads, as the browser lays it out); exit code 2 on failure. Teams' charts render as their fallback (teams-charts.cjs).
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

async function main() {
  const [manifestPath, outDir] = process.argv.slice(2);
  if (!manifestPath || !outDir) {
    throw new Error('usage: node render.mjs <manifest.json> <output folder>');
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }

  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  mkdirSync(outDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 600, height: 800 } });
    await page.route('**/*', route => {
      const url = new URL(route.request().url());
      return url.protocol === 'data:' || LOOPBACK.has(url.hostname) ? route.continue() : route.abort();
    });
    await page.setContent('<!doctype html><html><body style="margin:0;background:#f5f5f5">'
      + '<div id="host" style="width:540px;padding:12px;background:#fff;font-family:sans-serif"></div></body></html>');
    await page.addStyleTag({ path: require.resolve('adaptivecards/dist/adaptivecards.css') });
    await page.addScriptTag({ path: require.resolve('adaptivecards/dist/adaptivecards.min.js') });
    // Teams' charts: rendered as their fallback, as by a client without charts (see teams-charts.cjs).
    await page.addScriptTag({ path: path.join(path.dirname(new URL(import.meta.url).pathname), 'teams-charts.cjs') });
    await page.evaluate(() => window.registerTeamsCharts(window.AdaptiveCards));

    for (const entry of manifest) {
      const card = JSON.parse(readFileSync(entry.file, 'utf8'));
      const { events, text } = await page.evaluate(json => {
        const AC = window.AdaptiveCards;
        const context = new AC.SerializationContext();
        const adaptiveCard = new AC.AdaptiveCard();
        adaptiveCard.parse(json, context);
        const found = [];
        for (let i = 0; i < context.eventCount; i++) {
          const e = context.getEventAt(i);
          found.push({ source: 'parse', event: AC.ValidationEvent[e.event], message: e.message });
        }
        const host = document.getElementById('host');
        host.replaceChildren(adaptiveCard.render());
        return { events: found, text: host.innerText };
      }, card);
      for (const title of entry.click || []) {
        await page.locator('#host').getByRole('button', { name: title, exact: true }).first().click();
      }
      const png = path.join(outDir, `${entry.name}.png`);
      await page.locator('#host').screenshot({ path: png });
      process.stdout.write(JSON.stringify({ card: entry.name, png, events, text }) + '\n');
    }
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(String(error && error.stack || error));
  process.exit(2);
});
