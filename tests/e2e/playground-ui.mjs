// Clicks through a complaint's whole life in the Agents Playground's web UI, as its current user (Ana Ruiz: community
// manager and member of both departments), in headless Debian Chromium driven by playwright-core. Every request that is
// not to loopback is aborted (the UI asks a CDN for fonts; it works without them).
//   node tests/e2e/playground-ui.mjs <playground url> <screenshot folder> [complaint text] [answer text] [bot url] [intake key]
// With the bot's url and an intake API key, the walk waits until the service has recorded the channel post before it
// clicks Claim (a person is never fast enough to click in between; a script is).
// Prints one JSON line per step: {"step", "ok": true, "card": [lines of the card the step is about], "buttons": [...],
// "replies": [thread replies under the channel post], "screenshot"?, "complaintId"?}; the first failing step prints
// {"step", "ok": false, "error", "screenshot"} and the script exits 1 (2 when it could not start). CHROMIUM_PATH
// overrides /usr/bin/chromium. Every wait is bounded (STEP_TIMEOUT_MS).
import { createRequire } from 'node:module';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const STEP_TIMEOUT_MS = 20_000;
// The late complaint's reminder (15 s) and breach (20 s), found by a scheduler pass every 5 s, then posted.
const ESCALATION_TIMEOUT_MS = 45_000;

const [baseUrl, outDir,
  COMPLAINT_TEXT = 'They charged me twice on my March invoice and nobody answers',
  ANSWER_TEXT = 'We are sorry! The duplicate charge was refunded today.', botUrl, intakeKey] = process.argv.slice(2);

/** Waits (bounded) until the service has recorded the complaint's channel post, when it was given a way to ask. */
async function cardRecorded(complaintId) {
  if (!botUrl || !intakeKey) {
    return;
  }
  const deadline = Date.now() + STEP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const response = await fetch(new URL(`/api/complaints/${complaintId}`, botUrl),
      { headers: { authorization: `Bearer ${intakeKey}` }, signal: AbortSignal.timeout(5000) });
    if (response.ok && (await response.json()).card?.posted) {
      return;
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  throw new Error(`the service did not record the channel post of ${complaintId} within ${STEP_TIMEOUT_MS / 1000} s`);
}

const started = Date.now();

/** One JSON line per step, with the milliseconds since the start. */
function emit(line) {
  process.stdout.write(JSON.stringify({ ...line, ms: Date.now() - started }) + '\n');
}

/** What a person reads on a card: its lines (a fact's title and value joined by ": ") and its buttons. */
async function read(card) {
  const text = await card.innerText();
  const lines = text.split('\n').map(l => l.replace(/\t+/g, ': ').trim()).filter(Boolean);
  const buttons = (await card.getByRole('button').allInnerTexts()).map(b => b.trim()).filter(Boolean);
  return { card: lines, buttons };
}

/**
 * The replies in a channel post's thread as a person reads them: the post's texts that are not its card's. Plain text
 * shows as a span, formatted text (the bot sends audit lines as xml) as paragraphs.
 */
async function repliesOf(post) {
  const texts = await post.evaluate(element => [...element.querySelectorAll('span.fui-Text, p')]
    .filter(text => !text.closest('.ac-adaptiveCard') && !text.parentElement.closest('span.fui-Text'))
    .map(text => text.innerText.trim()));
  // Leave out the post's chrome: the sender, times and the reply box's placeholder.
  const chrome = /^(Escalations|Type a message\.\.\.|(\d{1,2}\/\d{1,2}, )?\d{1,2}:\d{2} [AP]M)$/;
  return [...new Set(texts.filter(t => t && !chrome.test(t)))];
}

/**
 * Waits until the post's thread (not its card, whose "Recent activity" shows the same words) has a reply matching
 * `pattern`; bounded by STEP_TIMEOUT_MS like every other wait (or by `timeoutMs`).
 */
async function waitForReply(post, pattern, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let replies = [];
  while (Date.now() < deadline) {
    replies = await repliesOf(post);
    if (replies.some(reply => pattern.test(reply))) {
      return replies;
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }
  throw new Error(`no thread reply matching ${pattern} within ${timeoutMs / 1000} s (replies: ${JSON.stringify(replies)})`);
}

async function main() {
  if (!baseUrl || !outDir) {
    throw new Error('usage: node playground-ui.mjs <playground url> <screenshot folder>');
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not at ${CHROMIUM}: install it (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  mkdirSync(outDir, { recursive: true });

  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
  let step = 'open';
  let page;
  try {
    page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    page.setDefaultTimeout(STEP_TIMEOUT_MS);
    await page.route('**/*', route => {
      const url = new URL(route.request().url());
      return url.protocol === 'data:' || LOOPBACK.has(url.hostname) ? route.continue() : route.abort();
    });
    const shot = async name => {
      const file = path.join(outDir, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    };
    // The newest card with a line that is exactly `text` (a string, or an anchored regular expression).
    const lastCard = text => page.locator('.ac-adaptiveCard').filter({ has: page.getByText(text, { exact: true }) }).last();
    const editor = page.locator('[contenteditable="true"]').first();
    const say = async text => {
      await editor.click();
      await page.keyboard.type(text);
      await page.keyboard.press('Enter');
    };
    const openChat = name => page.getByText(name, { exact: true }).first().click();

    // The UI installs the app in the personal chat when it opens: the bot answers with its welcome card.
    step = 'welcome';
    await page.goto(baseUrl, { waitUntil: 'networkidle' });
    const welcome = lastCard('Welcome to Escalations');
    await welcome.waitFor();
    emit({ step, ok: true, ...await read(welcome) });

    step = 'intake';
    await say('new');
    const form = lastCard('Escalate a complaint');
    await form.waitFor();
    emit({ step, ok: true, ...await read(form) });

    step = 'escalate';
    await form.getByLabel('Complaint text').fill(COMPLAINT_TEXT);
    await form.getByLabel('Link to the public post').fill('https://x.com/angry_customer/status/1790001');
    await form.getByLabel("Author's handle or name (optional)").fill('@angry_customer');
    await form.getByRole('combobox').nth(1).click();                 // Priority (Network, Priority, Department)
    await page.getByRole('option', { name: 'High', exact: true }).click();
    await form.getByRole('button', { name: 'Escalate', exact: true }).click();
    const confirmation = lastCard(/^Complaint C[0-9A-Z]{15} escalated$/);
    await confirmation.waitFor();
    const seen = await read(confirmation);
    const complaintId = seen.card.join(' ').match(/Complaint (C[0-9A-Z]{15}) escalated/)[1];
    emit({ step, ok: true, complaintId, ...seen });

    // The complaint card arrives in the Billing channel as a new post.
    step = 'channel';
    await openChat('Billing escalations');
    const card = lastCard(`Complaint ${complaintId}`);
    await card.waitFor();
    const post = page.locator('.fui-Card[role=group]').filter({ has: card }).last();
    emit({ step, ok: true, ...await read(card), screenshot: await shot('playground-channel-card') });

    step = 'claim';
    await cardRecorded(complaintId);
    await card.getByRole('button', { name: 'Claim', exact: true }).click();
    await card.getByRole('button', { name: 'Write answer', exact: true }).waitFor();
    emit({ step, ok: true, ...await read(card), replies: await waitForReply(post, /^Claimed by Ana Ruiz, \d{1,2}:\d{2}$/) });

    step = 'resolve';
    await card.getByRole('button', { name: 'Write answer', exact: true }).click();
    await card.getByLabel('Public answer (the community manager will post it)').fill(ANSWER_TEXT);
    await card.getByRole('button', { name: 'Resolve with this answer', exact: true }).click();
    await card.getByText('Agreed answer', { exact: true }).waitFor();
    const resolvedReplies = await waitForReply(post, /^Resolved by Ana Ruiz, \d{1,2}:\d{2}$/);
    emit({ step, ok: true, ...await read(card), replies: resolvedReplies, screenshot: await shot('playground-channel-answered') });

    // The agreed answer comes back to the community manager's personal chat.
    step = 'relay';
    await openChat('Personal Chat');
    const relay = lastCard(`Answer for complaint ${complaintId}`);
    await relay.waitFor();
    emit({ step, ok: true, ...await read(relay), screenshot: await shot('playground-relay-card') });

    step = 'accept';
    await relay.getByRole('button', { name: 'Accept', exact: true }).click();
    await relay.getByText(/^You accepted this answer/).waitFor();
    emit({ step, ok: true, ...await read(relay) });

    step = 'closed';
    await openChat('Billing escalations');
    await card.getByText('Closed', { exact: true }).waitFor();
    const closedReplies = await waitForReply(post, /^Accepted by Ana Ruiz, \d{1,2}:\d{2}$/);
    emit({ step, ok: true, ...await read(card), replies: closedReplies, screenshot: await shot('playground-closed') });

    // A critical complaint nobody claims (the test's bot claims critical billing complaints within 20 s): its thread
    // gets the reminder at 15 s, mentioning the channel, and the breach at 20 s, mentioning the leads. Needs the intake
    // API (bot url and key) and that short policy, so it is left out when the walk runs without them.
    if (botUrl && intakeKey) {
      step = 'escalation';
      const created = await fetch(new URL('/api/complaints', botUrl), {
        method: 'POST',
        headers: { authorization: `Bearer ${intakeKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ source: 'playground-e2e', externalId: `late-${Date.now()}`, network: 'x', authorHandle: '@late_customer',
          text: 'My invoice was charged twice and nobody has looked at it', priority: 'critical' }),
        signal: AbortSignal.timeout(5000),
      });
      if (created.status !== 201) {
        throw new Error(`the intake API answered ${created.status} to the late complaint`);
      }
      const lateId = (await created.json()).id;
      const late = lastCard(`Complaint ${lateId}`);
      await late.waitFor();
      const latePost = page.locator('.fui-Card[role=group]').filter({ has: late }).last();
      await waitForReply(latePost, new RegExp(`^Reminder: complaint ${lateId} has not been claimed yet`), ESCALATION_TIMEOUT_MS);
      const lateReplies = await waitForReply(latePost, new RegExp(`^Overdue: nobody has claimed complaint ${lateId}`), ESCALATION_TIMEOUT_MS);
      emit({ step, ok: true, complaintId: lateId, ...await read(late), replies: lateReplies, screenshot: await shot('playground-escalation') });
    }
  } catch (error) {
    let screenshot;
    try {
      screenshot = path.join(outDir, `playground-failed-${step}.png`);
      await page?.screenshot({ path: screenshot });
    } catch {
      screenshot = undefined;
    }
    emit({ step, ok: false, error: String(error && error.message || error).split('\n').slice(0, 3).join(' '), screenshot });
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
}

main().catch(error => {
  console.error(String(error && error.stack || error));
  process.exit(2);
});
