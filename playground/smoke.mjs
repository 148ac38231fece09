// Round trip through a running Agents Playground and bot, without a browser (used by `scripts/playground.sh --check`):
// installs the bot in the personal chat and waits for the welcome card, then sends "new" and waits for the intake card.
//   node --experimental-websocket playground/smoke.mjs http://127.0.0.1:56150     (the flag only on node 20-21)
// Prints one line per step; exit code 0 when both cards arrived, 1 otherwise. Every wait is bounded.
const base = (process.argv[2] || 'http://127.0.0.1:56150').replace(/\/$/, '');
const STEP_TIMEOUT_MS = 30_000;

const seen = [];
const waiters = [];

function cardTexts(message) {
  return JSON.stringify((message.attachments || []).map(a => a.content));
}

function onEvent(raw) {
  const event = JSON.parse(raw);
  if (event.action !== 'createMessage' && event.action !== 'updateMessage') {
    return;
  }
  seen.push(event);
  for (const waiter of [...waiters]) {
    if (waiter.match(event)) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(event);
    }
  }
}

function waitFor(description, match) {
  const earlier = seen.find(match);
  if (earlier) {
    return Promise.resolve(earlier);
  }
  return new Promise((resolve, reject) => {
    const waiter = { match, resolve };
    waiters.push(waiter);
    setTimeout(() => {
      waiters.splice(waiters.indexOf(waiter), 1);
      reject(new Error(`timed out after ${STEP_TIMEOUT_MS / 1000} s waiting for ${description}`));
    }, STEP_TIMEOUT_MS).unref();
  });
}

async function call(method, path, body) {
  const response = await fetch(base + path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(STEP_TIMEOUT_MS),
  });
  const text = await response.text();
  if (!response.ok) {
    throw new Error(`${method} ${path} answered ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : undefined;
}

async function main() {
  if (typeof WebSocket === 'undefined') {
    throw new Error('this node has no WebSocket: run it with node --experimental-websocket (node 20) or node 22+');
  }
  const socket = new WebSocket(base.replace(/^http/, 'ws') + '/_ws_conversation/v1/conversations/stream');
  socket.onmessage = e => onEvent(String(e.data));
  await new Promise((resolve, reject) => {
    socket.onopen = resolve;
    socket.onerror = () => reject(new Error(`cannot open the playground's event stream at ${base}`));
  });

  try {
    // Also makes the playground wait (bounded, by itself) until the bot endpoint answers.
    const { config } = await call('GET', '/_internal/v1/config');
    const chat = config.personalChat.id;
    const me = config.currentUser;
    for (const type of ['install', 'botAdded']) {
      const activity = await call('GET', `/_internal/v1/customActivities/template?conversationId=${encodeURIComponent(chat)}&type=${type}`);
      await call('POST', '/_internal/v1/customActivities', activity);
    }
    await waitFor('the welcome card', e => e.actionConversationId === chat && cardTexts(e.message).includes('Welcome to Escalations'));
    console.log(`ok: ${me.name} installed the bot and got the welcome card`);

    await call('POST', `/_conversation/v1/conversations/${encodeURIComponent(chat)}/messages`,
      { from: { id: me.id }, text: 'new', textFormat: 'plain' });
    await waitFor('the intake card', e => e.actionConversationId === chat && cardTexts(e.message).includes('"verb":"intake.submit"'));
    console.log('ok: "new" answered with the intake card');
  } finally {
    socket.close();
  }
}

main().then(() => process.exit(0), error => {
  console.error(`failed: ${error.message}`);
  process.exit(1);
});
