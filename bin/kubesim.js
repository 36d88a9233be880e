#!/usr/bin/env node
// The built CLI lives in dist/ (compiled by `npm ci` through the `prepare` script).
import('../dist/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli/main.js')) {
    process.stderr.write('kubesim: not built yet; run `npm ci` (or `npm run build`) first\n');
    process.exit(2);
  }
  throw err;
});
