// Runs before `npm start` and `npm test` (prestart, pretest) so that a fresh clone needs no separate install
// step: makes sure Debian's Chromium is there when this run needs it (scripts/chromium.js), then installs the
// locked dependencies when node_modules is missing or older than package-lock.json.
// Plain Node with no dependencies, since it runs before any are installed.
const { execSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { chromiumNeed, ensureChromium } = require('./chromium');

// First, so a machine that cannot run the tests is told before a long install.
const need = chromiumNeed(process.env);
if (need) {
  const code = ensureChromium(need);
  if (code !== 0) process.exit(code);
}

const root = path.resolve(__dirname, '..');
const installed = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');

if (!fs.existsSync(installed) || fs.statSync(installed).mtimeMs < fs.statSync(lock).mtimeMs) {
  console.error('Installing the locked dependencies (npm ci); this happens once.');
  execSync('npm ci --no-audit --no-fund', {
    cwd: root,
    stdio: 'inherit',
    // whatsapp-web.js brings puppeteer: never download its Chrome (Debian's chromium is used instead).
    env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true' },
  });
}
