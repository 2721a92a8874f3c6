import fc from 'fast-check';
import type { Logger } from '../../integrations/logger';
import { capturedLogs } from '../support/capturedLogs';

const PIN = '4821';
const TOKEN = 'eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LXRva2Vu';
const PHONE = '237677123456';
const MASKED_PHONE = '2376*****456';

/** A logger writing into memory, and what it wrote: `output` without the clock and process fields. */
function memoryLogger(level = 'info'): {
  logger: Logger;
  output: () => string;
  lines: () => Record<string, unknown>[];
} {
  const { logger, text, lines } = capturedLogs(level);
  return { logger, output: text, lines };
}

describe('createLogger', () => {
  it('writes one JSON line per entry with the message and ordinary fields', () => {
    const { logger, lines } = memoryLogger();
    logger.info({ messageId: 'wamid.42', amount: 5000, channel: 'whatsapp' }, 'transfer confirmed');
    expect(lines()).toEqual([
      expect.objectContaining({ msg: 'transfer confirmed', messageId: 'wamid.42', amount: 5000, channel: 'whatsapp' }),
    ]);
  });

  it('writes nothing below its level', () => {
    const { logger, output } = memoryLogger('warn');
    logger.info('not written');
    expect(output()).toBe('');
  });

  it('censors PINs, tokens and credentials at the top level and inside nested objects', () => {
    const { logger, output, lines } = memoryLogger();
    logger.info(
      {
        pin: PIN,
        session: { newPin: PIN, oldPin: PIN },
        request: { headers: { authorization: `Bearer ${TOKEN}`, 'x-auth-token': TOKEN } },
        rail: { credentials: { apiKey: TOKEN, password: TOKEN, secret: TOKEN, authToken: TOKEN } },
        response: { body: { access_token: TOKEN, token: TOKEN } },
      },
      'PIN changed',
    );
    expect(output()).not.toContain(PIN);
    expect(output()).not.toContain(TOKEN);
    expect(lines()[0]).toMatchObject({
      msg: 'PIN changed',
      pin: '[Redacted]',
      session: { newPin: '[Redacted]' },
      request: { headers: { authorization: '[Redacted]' } },
    });
  });

  it('masks phone numbers in phone, msisdn, from and to fields, keeping enough to tell them apart', () => {
    const { logger, output, lines } = memoryLogger();
    logger.info({ phone: PHONE, user: { msisdn: PHONE }, sms: { from: `+${PHONE}`, to: Number(PHONE) } }, 'sms sent');
    expect(output()).not.toContain(PHONE);
    expect(output()).not.toContain('677123456');
    expect(lines()[0]).toMatchObject({
      msg: 'sms sent',
      phone: MASKED_PHONE,
      user: { msisdn: MASKED_PHONE },
      sms: { from: `+${MASKED_PHONE}`, to: MASKED_PHONE },
    });
  });

  it("masks the numbers in the rails' request bodies and Twilio's webhook fields", () => {
    const { logger, output } = memoryLogger();
    logger.info(
      {
        mtn: { body: { payer: { partyIdType: 'MSISDN', partyId: PHONE } } },
        orange: { body: { subscriberMsisdn: '677123456', channelUserMsisdn: '699000111' } },
        twilio: { From: `whatsapp:+${PHONE}`, To: '+237699000111' },
      },
      'rail call',
    );
    expect(output()).not.toContain('677123456');
    expect(output()).not.toContain('699000111');
  });

  it('keeps from and to fields that hold no phone number readable', () => {
    const { logger, lines } = memoryLogger();
    logger.info({ from: 'askAmount', to: 'confirm' }, 'state changed');
    expect(lines()[0]).toMatchObject({ from: 'askAmount', to: 'confirm' });
  });

  it('censors secrets bound to a child logger and carried by errors', () => {
    const { logger, output } = memoryLogger();
    const child = logger.child({ messageId: 'm-1', user: { phone: PHONE } });
    child.error({ err: Object.assign(new Error('rail refused'), { token: TOKEN }) }, 'payout failed');
    expect(output()).toContain('payout failed');
    expect(output()).toContain('m-1');
    expect(output()).not.toContain(TOKEN);
    expect(output()).not.toContain(PHONE);
  });

  it("censors a grandchild's bindings, an error logged alone, and leaves the logged object as it was", () => {
    const { logger, output, lines } = memoryLogger();
    const grandchild = logger.child({ requestId: 'r-1' }).child({ payer: { msisdn: PHONE }, apiKey: TOKEN });
    const entry = { request: { body: { pin: PIN } }, at: new Date('2026-12-05T08:00:00Z') };
    grandchild.info(entry, 'nested');
    grandchild.error(Object.assign(new Error('refused'), { response: { headers: { authorization: TOKEN } } }));
    expect(output()).not.toContain(PIN);
    expect(output()).not.toContain(TOKEN);
    expect(output()).not.toContain(PHONE);
    expect(lines()[0]).toMatchObject({ requestId: 'r-1', at: '2026-12-05T08:00:00.000Z', msg: 'nested' });
    expect(lines()[1]).toMatchObject({ err: { type: 'Error', message: 'refused' }, msg: 'refused' });
    expect(entry.request.body.pin).toBe(PIN);
  });

  it('censors the secret settings of a configuration object logged whole', () => {
    const { logger, output } = memoryLogger();
    logger.info({ config: { MONGODB_URI: `mongodb://app:${TOKEN}@db.example/pay`, PORT: 3000 } }, 'starting');
    expect(output()).not.toContain(TOKEN);
    expect(output()).toContain('3000');
  });

  it('never writes a PIN or a full phone number found in the first four levels of a logged object', () => {
    const key = fc.constantFrom('user', 'request', 'body', 'payer', 'items');
    const field = fc.constantFrom(['pin', PIN], ['token', TOKEN], ['phone', PHONE], ['to', PHONE], ['msisdn', PHONE]);
    fc.assert(
      fc.property(fc.array(key, { maxLength: 3 }), field, (path, [name, secret]) => {
        const { logger, output } = memoryLogger();
        const entry = path.reduceRight<Record<string, unknown>>((inner, k) => ({ [k]: inner }), { [name]: secret });
        logger.info(entry, 'property');
        expect(output()).toContain('property');
        expect(output()).not.toContain(secret === PHONE ? '677123456' : secret);
      }),
    );
  });
});
