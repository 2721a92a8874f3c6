/**
 * Which Graph API the WhatsApp Cloud API channel talks to, as the settings ask: Meta's (here a simulator standing at
 * WHATSAPP_CLOUD_GRAPH_URL with the configured credentials) when enabled with credentials, a local simulator made
 * up at start where the simulated world may run and no token is set, and none otherwise.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { whatsappCloudFromSettings } from '../../../bots/app/whatsappCloudSetup';
import { createHttpApp } from '../../../bots/channels/http/server';
import { Metrics } from '../../../bots/channels/http/metrics';
import { ChannelTurns } from '../../../bots/channels/http/turns';
import { loadConfig } from '../../../integrations/config';
import { MongoPinFlowTokens } from '../../../integrations/mongo/pinFlowTokenStore';
import { createLogger } from '../../../integrations/logger';
import { startGraphApiSimulator } from '../../../integrations/whatsappCloud/graphApiSimulator';
import { useProduct } from '../../support/chat';
import { serve } from '../channels/http/support';

const product = useProduct();
const logger = createLogger({ level: 'silent', destination: new Writable({ write: (_c, _e, done) => done() }) });

function dependencies(simulation: boolean) {
  return {
    turns: new ChannelTurns(product.conversations),
    receipts: product.services.outbox,
    logger,
    simulation,
  };
}

it('talks to WHATSAPP_CLOUD_GRAPH_URL with the configured credentials, and starts no simulator of its own', async () => {
  const credentials = {
    WHATSAPP_CLOUD_ACCESS_TOKEN: `EAA${randomBytes(20).toString('hex')}`,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: '106540352242922',
    WHATSAPP_CLOUD_APP_SECRET: randomBytes(16).toString('hex'),
    WHATSAPP_CLOUD_VERIFY_TOKEN: randomBytes(18).toString('base64url'),
  };
  const meta = await startGraphApiSimulator({
    accessToken: credentials.WHATSAPP_CLOUD_ACCESS_TOKEN,
    appSecret: credentials.WHATSAPP_CLOUD_APP_SECRET,
    phoneNumberId: credentials.WHATSAPP_CLOUD_PHONE_NUMBER_ID,
  });
  const config = loadConfig({ ...credentials, WHATSAPP_CLOUD_ENABLED: 'true', WHATSAPP_CLOUD_GRAPH_URL: meta.url });
  const setup = await whatsappCloudFromSettings(config, dependencies(true));
  if (!setup) throw new Error('the channel is off');
  const server = await serve(
    createHttpApp({
      turns: new ChannelTurns(product.conversations),
      readiness: async () => ({ ok: true, details: {} }),
      metrics: new Metrics({ processMetrics: false }),
      logger,
      channels: [setup.channel],
    }),
  );
  try {
    expect(setup.simulator).toBeNull();
    // Meta verifies the webhook with the verify token typed in the app's settings, then delivers a message.
    expect(await meta.subscribe(`${server.url}/webhooks/whatsapp`, credentials.WHATSAPP_CLOUD_VERIFY_TOKEN)).toBe(true);
    expect((await meta.sendInbound('237677350001', { type: 'text', text: { body: 'Bonjour' } })).status).toBe(200);
    await setup.channel.idle();
    expect(meta.messagesTo('237677350001').map((m) => m.type)).toEqual(['interactive']);
  } finally {
    await server.close();
    await setup.stop();
    await meta.close();
  }
});

it('runs against a local simulator without an access token where the simulated world may run', async () => {
  const setup = await whatsappCloudFromSettings(loadConfig({}), dependencies(true));
  try {
    expect(setup?.simulator?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  } finally {
    await setup?.stop();
  }
});

it('asks for PINs through the local simulator’s Flow, with a key pair made at start, once the server listens', async () => {
  const setup = await whatsappCloudFromSettings(loadConfig({}), {
    ...dependencies(true),
    pinFlowTokens: new MongoPinFlowTokens(product.db.connection),
  });
  if (!setup?.simulator || !setup.flowEndpoint) throw new Error('the simulated channel has no PIN form');
  const server = await serve(
    createHttpApp({
      turns: new ChannelTurns(product.conversations),
      readiness: async () => ({ ok: true, details: {} }),
      metrics: new Metrics({ processMetrics: false }),
      logger,
      channels: [setup.channel, setup.flowEndpoint],
    }),
  );
  const simulator = setup.simulator;
  try {
    await setup.start(server.url);
    const say = async (text: string) => {
      await simulator.sendInbound('237677350011', { type: 'text', text: { body: text } });
      await setup.channel.idle();
    };
    for (const text of ['hi', '2', 'Awa Fon']) await say(text);
    const form = simulator.lastFlowTo('237677350011');
    expect(form?.message.body).toMatchObject({ type: 'interactive', interactive: { type: 'flow' } });
    const answer = await simulator.submitFlow('237677350011', { pin: '2468' });
    expect(answer).toMatchObject({ status: 200, body: { screen: 'SUCCESS' } });
    expect(await simulator.callFlow(form!.flowId, { action: 'ping' })).toMatchObject({
      status: 200,
      body: { data: { status: 'active' } },
    });
  } finally {
    await server.close();
    await setup.stop();
  }
});

it('refuses a PIN Flow id without its private key when talking to Meta', async () => {
  const credentials = {
    WHATSAPP_CLOUD_ENABLED: 'true',
    WHATSAPP_CLOUD_ACCESS_TOKEN: `EAA${randomBytes(20).toString('hex')}`,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: '106540352242922',
    WHATSAPP_CLOUD_APP_SECRET: randomBytes(16).toString('hex'),
    WHATSAPP_CLOUD_VERIFY_TOKEN: randomBytes(18).toString('base64url'),
    WHATSAPP_CLOUD_PIN_FLOW_ID: '1187432115806217',
  };
  await expect(whatsappCloudFromSettings(loadConfig(credentials), dependencies(true))).rejects.toThrow(
    'WHATSAPP_CLOUD_FLOW_PRIVATE_KEY is required with WHATSAPP_CLOUD_PIN_FLOW_ID',
  );
});

it('is off without credentials where the simulated world may not run, and off when not enabled', async () => {
  expect(await whatsappCloudFromSettings(loadConfig({}), dependencies(false))).toBeNull();
  const credentials = {
    WHATSAPP_CLOUD_ACCESS_TOKEN: `EAA${randomBytes(20).toString('hex')}`,
    WHATSAPP_CLOUD_PHONE_NUMBER_ID: '106540352242922',
    WHATSAPP_CLOUD_APP_SECRET: randomBytes(16).toString('hex'),
    WHATSAPP_CLOUD_VERIFY_TOKEN: randomBytes(18).toString('base64url'),
  };
  expect(await whatsappCloudFromSettings(loadConfig(credentials), dependencies(true))).toBeNull();
});
