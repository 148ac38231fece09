// A minimal bot on Microsoft's Agents SDK for JavaScript (@microsoft/agents-hosting + @microsoft/agents-hosting-express),
// the peer of the benchmark's "inbound-side-by-side" scenario. It answers every adaptiveCard/action (Action.Execute)
// invoke with a small Adaptive Card, behind the SDK's own request handler: createAgentRequestHandler = authorizeJWT
// (the SDK's JWT check) + CloudAdapter.process + AgentApplication routing, on the express the SDK ships with.
//
// It validates the same Bot Connector tokens as the service, from the same test issuer. What differs from a
// production setup, and why (docs/benchmarks.md, "Inbound side by side"):
//  1. Key lookup. agents-hosting 1.8.1 has no setting for the Bot Connector issuer's keys: buildJwksUri hard-codes
//     https://login.botframework.com/v1/.well-known/keys for iss https://api.botframework.com (authority/authorityEndpoint
//     only move the Entra issuers' keys). The SDK keeps one jwks-rsa client per JWKS URI in a process-wide map; this
//     script asks the SDK's own getJwksClient for the client of that URI and sets its jwksUri option to the test
//     issuer's JWKS (PEER_JWKS_URL). Nothing else of the validation changes: jsonwebtoken.verify with the SDK's options
//     (RS256 only, audience, exp/nbf with 300 s tolerance), the SDK's jwks-rsa key cache, and the issuer check.
//  2. validateIssuer: true (the SDK's default is off), so the issuer is checked as the service checks it.
//  3. Outbound token: CloudAdapter gets a token for the Connector on every turn before the bot runs, even when the
//     bot only answers the invoke. There is no Entra here, so the connection uses the SDK's EntraAuthSideCar auth type
//     with a loopback sidecar served by this script (a fixed, never-sent token); the SDK caches it after the first turn.
//
// Environment: PEER_PORT (0 = any), PEER_APP_ID, PEER_TENANT_ID, PEER_JWKS_URL. Prints "listening <port>" when ready.
import { createRequire } from 'node:module';
import http from 'node:http';
import path from 'node:path';

const require = createRequire(import.meta.url);
const hosting = require('@microsoft/agents-hosting');
const { createAgentRequestHandler } = require('@microsoft/agents-hosting-express');
// The express the SDK's hosting package depends on (not whatever else node_modules holds at the top).
const express = require(require.resolve('express', { paths: [path.dirname(require.resolve('@microsoft/agents-hosting-express'))] }));

const appId = required('PEER_APP_ID');
const tenantId = required('PEER_TENANT_ID');
const jwksUrl = required('PEER_JWKS_URL');
const port = Number(process.env.PEER_PORT ?? '0');

// 1. The SDK's JWKS client for the Bot Connector issuer, pointed at the test issuer's keys.
const botConnectorJwksUri = hosting.buildJwksUri('https://api.botframework.com', {});
const middleware = require(path.join(path.dirname(require.resolve('@microsoft/agents-hosting')), 'auth', 'jwt-middleware.js'));
if (typeof middleware.getJwksClient !== 'function' || middleware.authorizeJWT !== hosting.authorizeJWT) {
  throw new Error('agents-hosting no longer has the JWKS client map this peer re-points; see docs/benchmarks.md');
}
const jwksClient = middleware.getJwksClient(botConnectorJwksUri);
jwksClient.options.jwksUri = jwksUrl;

// 3. The loopback token sidecar for the outbound Connector token (never used for inbound validation).
const sidecar = http.createServer((req, res) => {
  if (!req.url.startsWith('/AuthorizationHeaderUnauthenticated/')) {
    res.writeHead(404).end();
    return;
  }
  const claims = Buffer.from(JSON.stringify({ aud: 'https://api.botframework.com', exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
  res.writeHead(200, { 'content-type': 'application/json' })
    .end(JSON.stringify({ authorizationHeader: `Bearer e30.${claims}.outbound-token-stand-in` }));
});
await new Promise((resolve) => sidecar.listen(0, '127.0.0.1', resolve));

const authConfig = {
  clientId: appId,
  tenantId,
  validateIssuer: true,
  authType: 'EntraAuthSideCar',
  sidecarBaseUrl: `http://127.0.0.1:${sidecar.address().port}`,
};

// The adapter is built from the same configuration as the JWT check (an AgentApplication without one reads the environment).
const agent = new hosting.AgentApplication({ adapter: new hosting.CloudAdapter(authConfig) });
agent.adaptiveCards.actionExecute(/.*/, async (context, state, action) => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body: [{ type: 'TextBlock', text: `Done: ${String(action.verb ?? '').slice(0, 64)}`, wrap: true }],
}));

const server = express();
server.use(express.json());
const handler = createAgentRequestHandler(agent, authConfig);
server.post('/api/messages', (req, res, next) => handler(req, res).catch(next));
const listener = server.listen(port, '127.0.0.1', () => console.log(`listening ${listener.address().port}`));

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    listener.close();
    sidecar.close();
    process.exit(0);
  });
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is required`);
    process.exit(2);
  }
  return value;
}
