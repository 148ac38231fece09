// Preloaded into the Agents Playground (NODE_OPTIONS="--require <this file>"): the playground calls
// server.listen(port) with no host and has no host option, so it would listen on every interface. This shim
// rewrites every TCP listen without an explicit host to 127.0.0.1. Unix sockets (a `path`) are left alone.
'use strict';
const net = require('net');

const loopback = '127.0.0.1';
const listen = net.Server.prototype.listen;

net.Server.prototype.listen = function listenOnLoopback(...args) {
  const [first] = args;
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) {
    if (first.path === undefined) {
      args[0] = { ...first, host: loopback };
    }
  } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
    if (typeof args[1] === 'string') {
      args[1] = loopback;
    } else {
      args.splice(1, 0, loopback);
    }
  } else if (args.length === 0 || typeof first === 'function') {
    args.unshift(0, loopback);
  }
  return listen.apply(this, args);
};
