/**
 * The local chat: the product's default channel when no chat credentials are set. A person at the terminal plays
 * any phone number and talks to the bot as that person, switches numbers to play the recipient, and sees every
 * notice the outbox would send (to any number) as it arrives. Rails are the simulators, so nothing real moves.
 */
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { formatMsisdnForDisplay, parseCameroonMobile, type Msisdn } from '../../../domain/phone';
import type { Conversations } from '../../runtime/conversations';
import { renderText } from '../textRenderer';

/** Where the chat reads what the product sent to people since it last looked: `to` a number, as `text`. */
export interface NoticeFeed {
  take(): Promise<{ to: Msisdn; text: string; via: string }[]>;
}

export interface LocalChatOptions {
  conversations: Conversations;
  notices: NoticeFeed;
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  /** The number played at start. */
  startAs: Msisdn;
  noticePollMs?: number;
}

const HELP = [
  'Local chat: type messages as the person whose number is shown in the prompt.',
  '  /as <number>   play another phone number (e.g. /as 699123456)',
  '  /help          this text',
  '  /quit          stop (Ctrl-D too)',
  'Try: hi, then follow the menus. Payments use simulated MTN MoMo, Orange Money, card and bill rails.',
  'Simulated failures: numbers like 6XX12345D fail by their last digit (0 failed, 1 rejected, 2 expired, 3 pending).',
].join('\n');

/** Runs the local chat until the input ends or /quit; resolves then. */
export function runLocalChat(options: LocalChatOptions): Promise<void> {
  const { conversations, notices, output } = options;
  let me = options.startAs;
  const write = (text: string) => output.write(`${text}\n`);
  const prompt = () => output.write(`[${formatMsisdnForDisplay(me)}] > `);
  const lines = createInterface({ input: options.input, terminal: false });

  // Notices are shown whatever number is being played: the point is to watch them arrive.
  let polling = false;
  const poll = setInterval(() => {
    if (polling) return;
    polling = true;
    void deliverNotices()
      .catch((error: unknown) => write(`(could not read notices: ${String(error)})`))
      .finally(() => (polling = false));
  }, options.noticePollMs ?? 500);
  async function deliverNotices(): Promise<void> {
    for (const notice of await notices.take()) {
      write(`\n  ✉ ${notice.via} to ${formatMsisdnForDisplay(notice.to)}: ${notice.text}`);
      prompt();
    }
  }

  // Lines are handled one after another, as a person types them.
  let queue = Promise.resolve();
  write(HELP);
  prompt();
  return new Promise((resolve) => {
    const finish = () => {
      clearInterval(poll);
      void queue.then(() => deliverNotices().catch(() => undefined)).then(() => resolve());
    };
    lines.on('line', (line) => {
      queue = queue.then(async () => {
        const text = line.trim();
        if (text === '/quit') {
          lines.close();
          return;
        }
        if (text === '/help') write(HELP);
        else if (text.startsWith('/as')) {
          const parsed = parseCameroonMobile(text.slice(3));
          if (parsed.ok) {
            me = parsed.msisdn;
            write(`Now playing ${formatMsisdnForDisplay(me)}.`);
          } else write('Give a Cameroonian mobile number, e.g. /as 699123456');
        } else if (text !== '') {
          const result = await conversations.handle({
            channel: 'console',
            msisdn: me,
            messageId: randomUUID(),
            at: new Date(),
            type: 'text',
            text,
          });
          for (const reply of result.replies) write(indent(renderText(reply, result.language)));
        }
        prompt();
      });
    });
    lines.on('close', finish);
  });
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
