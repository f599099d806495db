/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS preload (node --require) must use require() */
// Preloaded into the Electron security scanner (test/integration/security-scan.test.ts):
// the scanner fetches translations and Electron release data over the network with `got`.
// Tests never reach the network, so every `got` call fails at once and the scanner falls
// back to its bundled English texts (the release check is excluded on the command line).
const Module = require('node:module');
const load = Module._load;
Module._load = function (request, ...rest) {
  if (request === 'got') {
    const refuse = () => Promise.reject(new Error('network disabled in tests'));
    return Object.assign(refuse, { default: refuse, get: refuse, post: refuse, extend: () => refuse });
  }
  return load.call(this, request, ...rest);
};
