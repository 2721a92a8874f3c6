// Debian's Chromium, which the browser tests and the WhatsApp channel drive (puppeteer's own Chrome is never
// downloaded: .puppeteerrc.cjs). On a fresh machine it is missing: installed here when the machine allows it (root,
// with apt-get), otherwise the run stops with one sentence saying what to install. Plain Node, no dependencies.
const { execSync } = require('node:child_process');
const fs = require('node:fs');

const CHROMIUM = '/usr/bin/chromium';
const APT_GET = '/usr/bin/apt-get';
const INSTALL = 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium';

function isExecutable(file) {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** This machine, as ensureChromium sees it. */
function thisMachine() {
  return {
    present: () => isExecutable(CHROMIUM),
    canInstall: () => typeof process.getuid === 'function' && process.getuid() === 0 && isExecutable(APT_GET),
    install: (command) => execSync(command, { stdio: 'inherit', shell: '/bin/sh' }),
    log: (line) => console.error(line),
  };
}

/** Who needs Chromium in this npm run: the tests always, `npm start` only with WhatsApp; null when nobody does. */
function chromiumNeed(env) {
  if (env.npm_lifecycle_event === 'pretest') return { command: 'npm test', why: 'for its browser tests' };
  if (env.WHATSAPP_ENABLED === 'true') return { command: 'npm start', why: 'for WhatsApp (WHATSAPP_ENABLED=true)' };
  return null;
}

/**
 * Makes sure Chromium is there for `need`: present, nothing to do; missing where it may be installed, installs it;
 * otherwise says in one sentence what to install. Returns the exit code: 0 to go on, 1 to stop.
 */
function ensureChromium(need, machine = thisMachine()) {
  if (machine.present()) return 0;
  if (machine.canInstall()) {
    machine.log(`${need.command} needs Debian's Chromium ${need.why}; installing it: ${INSTALL}`);
    try {
      machine.install(INSTALL);
    } catch {
      // apt-get said why on the terminal; the sentence below says what to do.
    }
    if (machine.present()) return 0;
  }
  machine.log(
    `${need.command} needs Debian's Chromium at ${CHROMIUM} ${need.why}: install it with ` +
      `\`sudo apt-get install chromium\`, then run ${need.command} again.`,
  );
  return 1;
}

module.exports = { CHROMIUM, INSTALL, chromiumNeed, ensureChromium };
