/**
 * The Chromium check `npm test` (and `npm start` with WhatsApp) runs first, on a fresh machine: Chromium present,
 * nothing happens; missing where it may be installed (root with apt-get), it is installed; otherwise the run stops
 * with one sentence saying what to install. The machine is described to the check, so these cases run here without
 * uninstalling anything.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

interface Need {
  command: string;
  why: string;
}
interface Machine {
  present(): boolean;
  canInstall(): boolean;
  install(command: string): void;
  log(line: string): void;
}
const load = createRequire(__filename);
const chromium = load(path.resolve(__dirname, '../../scripts/chromium.js')) as {
  CHROMIUM: string;
  INSTALL: string;
  chromiumNeed(env: Record<string, string | undefined>): Need | null;
  ensureChromium(need: Need, machine?: Machine): number;
};

/** A machine where Chromium is there or not, that may install it or not; it records what was done and said. */
function machine(options: { present: boolean; canInstall: boolean; installWorks?: boolean }) {
  let present = options.present;
  const installed: string[] = [];
  const said: string[] = [];
  const described: Machine = {
    present: () => present,
    canInstall: () => options.canInstall,
    install: (command) => {
      installed.push(command);
      if (options.installWorks === false) throw new Error('E: Unable to locate package chromium');
      present = true;
    },
    log: (line) => said.push(line),
  };
  return { described, installed, said };
}

const forTests = chromium.chromiumNeed({ npm_lifecycle_event: 'pretest' });

describe('who needs Chromium', () => {
  it('is npm test always, npm start only with WhatsApp', () => {
    expect(forTests).toEqual({ command: 'npm test', why: 'for its browser tests' });
    expect(chromium.chromiumNeed({ npm_lifecycle_event: 'prestart' })).toBeNull();
    expect(chromium.chromiumNeed({ npm_lifecycle_event: 'prestart', WHATSAPP_ENABLED: 'true' })?.command).toBe(
      'npm start',
    );
  });
});

describe('the Chromium check', () => {
  it('lets the run go on when Chromium is there, installing and saying nothing', () => {
    const here = machine({ present: true, canInstall: true });
    expect(chromium.ensureChromium(forTests!, here.described)).toBe(0);
    expect(here.installed).toEqual([]);
    expect(here.said).toEqual([]);
  });

  it('installs it with apt-get when it is missing and the machine allows it, then goes on', () => {
    const fresh = machine({ present: false, canInstall: true });
    expect(chromium.ensureChromium(forTests!, fresh.described)).toBe(0);
    expect(fresh.installed).toEqual([chromium.INSTALL]);
    expect(chromium.INSTALL).toMatch(/apt-get install -y .*chromium$/);
  });

  it('stops with one sentence saying what to install when it cannot install it', () => {
    const locked = machine({ present: false, canInstall: false });
    expect(chromium.ensureChromium(forTests!, locked.described)).toBe(1);
    expect(locked.installed).toEqual([]);
    expect(locked.said).toEqual([
      "npm test needs Debian's Chromium at /usr/bin/chromium for its browser tests: install it with " +
        '`sudo apt-get install chromium`, then run npm test again.',
    ]);
  });

  it('stops with the same sentence when the install did not give it', () => {
    const failing = machine({ present: false, canInstall: true, installWorks: false });
    expect(chromium.ensureChromium(forTests!, failing.described)).toBe(1);
    expect(failing.said.at(-1)).toContain('install it with `sudo apt-get install chromium`');
  });

  it('finds the real Chromium on this machine, where the check of npm test already ran', () => {
    expect(chromium.CHROMIUM).toBe('/usr/bin/chromium');
    expect(chromium.ensureChromium(forTests!)).toBe(0);
  });
});
