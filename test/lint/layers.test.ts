/**
 * The folders' import directions are lint errors: a wrong-way import, written in each folder the rules cover,
 * fails ESLint with the layers rule, through the repository's own configuration, and the right-way imports beside
 * it pass. Relative imports are resolved from the file that writes them, so the same text is right in one folder
 * and wrong in another.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';

const repositoryRoot = path.resolve(__dirname, '..', '..');
const RULE = 'layers/import-direction';

/** One piece of code, linted as if it were the repository file `file` (which need not exist). */
interface Sample {
  file: string;
  code: string;
}

// ESLint loads the configuration (an ES module) by dynamic import, which Jest's module sandbox refuses: the
// samples are linted by ESLint's Node API in a child process, all at once, before the expectations read them.
const LINT_SAMPLES = `
import { ESLint } from 'eslint';
import path from 'node:path';
const [root, rule, json] = process.argv.slice(1);
const eslint = new ESLint({ cwd: root, ruleFilter: ({ ruleId }) => ruleId === rule });
const samples = JSON.parse(json);
const out = [];
for (const { file, code } of samples) {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  out.push(result.messages.map((m) => (m.ruleId ?? 'fatal') + ': ' + m.message));
}
const whole = await eslint.lintFiles(['domain', 'flows', 'integrations', 'bots']);
const repository = whole.flatMap((r) => r.messages.map((m) => path.relative(root, r.filePath) + ': ' + m.message));
process.stdout.write(JSON.stringify({ samples: out, repository }));
`;

const samples: Sample[] = [];
let linted: { samples: string[][]; repository: string[] } | undefined;

/** Registers a sample; returns a reader of its messages, for use once linted. */
function sample(file: string, code: string): () => string[] {
  const index = samples.push({ file, code }) - 1;
  return () => {
    if (!linted) throw new Error('the samples were not linted');
    return linted.samples[index] ?? [];
  };
}

beforeAll(async () => {
  const stdout = await new Promise<string>((resolve, reject) => {
    execFile(
      process.execPath,
      ['--input-type=module', '-e', LINT_SAMPLES, repositoryRoot, RULE, JSON.stringify(samples)],
      { cwd: repositoryRoot, maxBuffer: 16 * 1024 * 1024 },
      (error, out) => (error ? reject(error) : resolve(out)),
    );
  });
  linted = JSON.parse(stdout) as typeof linted;
});

const refused = (file: string, code: string) => {
  const messages = sample(file, code);
  return () => {
    expect(messages()).toHaveLength(1);
    expect(messages()[0]).toMatch(new RegExp(`^${RULE}: `));
  };
};

const allowed = (file: string, code: string) => {
  const messages = sample(file, code);
  return () => expect(messages()).toEqual([]);
};

describe('domain/ imports nothing from bots/, flows/ or integrations/', () => {
  it('refuses bots/', refused('domain/example.ts', "import { x } from '../bots/runtime/ports';"));
  it('refuses flows/', refused('domain/example.ts', "import type { Reply } from '../flows/conversation';"));
  it(
    'refuses integrations/ from a subfolder',
    refused('domain/ledger/example.ts', "import { x } from '../../integrations/logger';"),
  );
  it('refuses a re-export', refused('domain/example.ts', "export { x } from '../integrations/config';"));
  it('refuses a dynamic import', refused('domain/example.ts', "export const load = () => import('../bots/app/main');"));
  it(
    'allows domain/',
    allowed('domain/ledger/example.ts', "import { x } from '../money';\nimport { y } from './ledger';"),
  );
});

describe('flows/ import domain/ and no runtime or adapter', () => {
  it('refuses bots/', refused('flows/example.ts', "import type { Inbound } from '../bots/runtime/inbound';"));
  it('refuses integrations/', refused('flows/messages/example.ts', "import { x } from '../../integrations/config';"));
  it(
    'allows domain/ and flows/',
    allowed('flows/example.ts', "import { x } from '../domain/money';\nimport { y } from './conversation';"),
  );
});

describe('integrations/ implement ports and import no flow, channel or wiring', () => {
  it(
    'refuses a flow',
    refused('integrations/mongo/example.ts', "import type { Reply } from '../../flows/conversation';"),
  );
  it(
    'refuses a channel, even for a type',
    refused('integrations/mongo/example.ts', "import type { X } from '../../bots/channels/sms/smsChannel';"),
  );
  it(
    'refuses the composition root',
    refused('integrations/example.ts', "import { services } from '../bots/app/services';"),
  );
  it(
    'refuses the runtime itself',
    refused('integrations/mongo/example.ts', "import { Conversations } from '../../bots/runtime/conversations';"),
  );
  it(
    "allows the runtime's and the channels' ports",
    allowed(
      'integrations/mongo/example.ts',
      [
        "import type { SessionStore } from '../../bots/runtime/ports';",
        "import type { DeliveryOutbox } from '../../bots/runtime/outbox/ports';",
        "import type { PinSmsDeletions } from '../../bots/channels/sms/ports';",
        "import type { Money } from '../../domain/money';",
      ].join('\n'),
    ),
  );
});

describe('the runtime knows its ports only', () => {
  it('refuses a channel', refused('bots/runtime/example.ts', "import { x } from '../channels/sms/smsChannel';"));
  it(
    'refuses the composition root',
    refused('bots/runtime/outbox/example.ts', "import { x } from '../../app/services';"),
  );
  it(
    'refuses an adapter',
    refused('bots/runtime/outbox/example.ts', "import type { MongoOutbox } from '../../../integrations/mongo/outbox';"),
  );
  it(
    'allows itself, flows/ and domain/',
    allowed(
      'bots/runtime/example.ts',
      "import { x } from './ports';\nimport { y } from '../../flows/conversation';\nimport { z } from '../../domain/phone';",
    ),
  );
});

describe('a channel imports no other channel', () => {
  it('refuses another channel', refused('bots/channels/sms/example.ts', "import { x } from '../ussd/ussdChannel';"));
  it(
    'refuses another channel by require',
    refused('bots/channels/simulator/example.ts', "const w = require('../whatsapp/whatsappText');\nexport { w };"),
  );
  it(
    'refuses the composition root',
    refused('bots/channels/telegram/example.ts', "import { x } from '../../app/httpChannels';"),
  );
  it(
    'refuses a MongoDB adapter',
    refused('bots/channels/telegram/example.ts', "import { x } from '../../../integrations/mongo/peopleStore';"),
  );
  it(
    'refuses a channel from the shared HTTP server',
    refused('bots/channels/http/example.ts', "import { x } from '../sms/smsChannel';"),
  );
  it(
    'refuses a channel from the shared text renderer',
    refused('bots/channels/textRenderer.ts', "import { x } from './sms/smsRenderer';"),
  );
  it(
    'allows itself, the shared pieces, the runtime and the outside',
    allowed(
      'bots/channels/sms/example.ts',
      [
        "import { a } from './smsRenderer';",
        "import { b } from '../http/server';",
        "import { c } from '../textRenderer';",
        "import { d } from '../../runtime/inbound';",
        "import { e } from '../../../integrations/logger';",
        "import { f } from '../../../flows/messages';",
      ].join('\n'),
    ),
  );
});

describe('the dashboard acts through the services', () => {
  it(
    'refuses a MongoDB adapter',
    refused('bots/dashboard/sections/example.ts', "import { x } from '../../../integrations/mongo/peopleStore';"),
  );
  it('refuses a chat channel', refused('bots/dashboard/example.ts', "import { x } from '../channels/sms/smsChannel';"));
  it(
    'allows the shared HTTP server, the pages and the domain',
    allowed(
      'bots/dashboard/example.ts',
      [
        "import { a } from '../channels/http/server';",
        "import { b } from '../pages/links/pageShell';",
        "import { c } from '../../domain/merchants/team/roles';",
      ].join('\n'),
    ),
  );
});

describe('the composition root imports what it wires', () => {
  it(
    'allows channels, the runtime and adapters',
    allowed(
      'bots/app/example.ts',
      [
        "import { a } from '../channels/sms/smsChannel';",
        "import { b } from '../runtime/conversations';",
        "import { c } from '../../integrations/mongo/outbox';",
        "import { d } from '../../flows/sendMoney';",
      ].join('\n'),
    ),
  );
});

describe('the repository as it is', () => {
  it('keeps every rule', () => {
    expect(linted?.repository).toEqual([]);
  });
});
