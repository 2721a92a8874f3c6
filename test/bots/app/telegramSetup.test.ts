/**
 * The Telegram channel from the settings: off without a token, by webhook with a public address and its secret,
 * refused with a public address but no secret, and by long polling otherwise.
 */
import { ChannelTurns } from '../../../bots/channels/http/turns';
import { TELEGRAM_WEBHOOK_PATH } from '../../../bots/channels/telegram/telegramChannel';
import { telegramFromSettings } from '../../../bots/app/telegramSetup';
import { useTestDatabase } from '../../support/database';
import { FakeBotApi } from '../../support/fakeBotApi';
import { capturedLogs } from '../channels/http/support';

const db = useTestDatabase();
const logs = capturedLogs();
let api: FakeBotApi;
const noTurns = new ChannelTurns({
  handle: () => Promise.reject(new Error('no turn expected in these tests')),
});

beforeAll(async () => {
  api = await FakeBotApi.start();
});

afterAll(async () => {
  await api.close();
});

function dependencies() {
  return { connection: db.connection, turns: noTurns, logger: logs.logger };
}

describe('the Telegram channel from the settings', () => {
  it('is off without a bot token', async () => {
    expect(await telegramFromSettings({ PUBLIC_URL: 'https://pay.example.cm' }, dependencies())).toBeNull();
  });

  it('uses the webhook at the public address, with the secret', async () => {
    const setup = await telegramFromSettings(
      {
        TELEGRAM_BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: api.apiRoot,
        TELEGRAM_WEBHOOK_SECRET: 'a-secret_of-the-webhook',
        PUBLIC_URL: 'https://pay.example.cm',
      },
      dependencies(),
    );
    expect(setup?.mode).toBe('webhook');
    expect(setup?.webhook?.path).toBe(TELEGRAM_WEBHOOK_PATH);
    await setup?.start();
    expect(api.webhook).toEqual(
      expect.objectContaining({
        url: 'https://pay.example.cm/webhooks/telegram',
        secretToken: 'a-secret_of-the-webhook',
      }),
    );
    await setup?.stop();
  });

  it('refuses a public webhook without a secret', async () => {
    await expect(
      telegramFromSettings(
        { TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot, PUBLIC_URL: 'https://pay.example.cm' },
        dependencies(),
      ),
    ).rejects.toThrow('TELEGRAM_WEBHOOK_SECRET');
  });

  it('polls without a public address, and stops', async () => {
    const setup = await telegramFromSettings(
      { TELEGRAM_BOT_TOKEN: api.token, TELEGRAM_API_ROOT: api.apiRoot },
      dependencies(),
    );
    expect(setup?.mode).toBe('polling');
    expect(setup?.webhook).toBeNull();
    await setup?.start();
    expect(api.webhook).toBeNull();
    await setup?.stop();
  });

  it('does not start polling with a token Telegram does not know', async () => {
    const setup = await telegramFromSettings(
      { TELEGRAM_BOT_TOKEN: '42:wrong-token', TELEGRAM_API_ROOT: api.apiRoot },
      dependencies(),
    );
    await expect(setup?.start()).rejects.toThrow('401');
    expect(logs.text()).not.toContain('wrong-token');
  });
});
