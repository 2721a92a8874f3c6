// Runs before `npm start` and `npm test` (prestart, pretest) so that a fresh clone needs no separate install
// step: makes sure Debian's Chromium is there when this run needs it (scripts/chromium.js), then installs the
// locked dependencies when node_modules is missing or differs from package-lock.json.
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

/**
 * Whether node_modules holds what package-lock.json locks: every package the lock lists (optional ones aside, as
 * those for other platforms are never installed) at its locked version in npm's record of the install. By content,
 * not by file times: a checkout or a worktree made after the install has a newer lock file with the same content.
 */
function installedAsLocked() {
  const read = (file) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
  let installed;
  try {
    installed = read('node_modules/.package-lock.json').packages ?? {};
  } catch {
    return false;
  }
  const locked = read('package-lock.json').packages ?? {};
  return Object.entries(locked).every(
    ([name, entry]) => name === '' || entry.optional || installed[name]?.version === entry.version,
  );
}

if (!installedAsLocked()) {
  // A linked node_modules (a git worktree sharing another checkout's) belongs to that checkout: never reinstall
  // through the link, which would empty it for everyone using it.
  if (
    fs.existsSync(path.join(root, 'node_modules')) &&
    fs.lstatSync(path.join(root, 'node_modules')).isSymbolicLink()
  ) {
    console.error('node_modules is a link to another checkout and differs from package-lock.json: run npm ci there.');
    process.exit(1);
  }
  console.error('Installing the locked dependencies (npm ci); this happens once.');
  execSync('npm ci --no-audit --no-fund', {
    cwd: root,
    stdio: 'inherit',
    // whatsapp-web.js brings puppeteer: never download its Chrome (Debian's chromium is used instead).
    env: { ...process.env, PUPPETEER_SKIP_DOWNLOAD: 'true' },
  });
}
