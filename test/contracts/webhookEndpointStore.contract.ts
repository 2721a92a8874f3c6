/**
 * What webhooks rely on from the endpoint store, run against every implementation: an endpoint kept as inserted
 * (secrets and their dates included), a merchant's endpoints oldest first, status and secrets replaced, deletion.
 */
import type { WebhookEndpoint } from '../../domain/merchants/webhooks/endpoint';
import type { WebhookEndpointStore } from '../../domain/merchants/webhooks/endpointStore';
import { newEndpointId, newWebhookSecret } from '../../domain/merchants/webhooks/endpoint';
import { anId, at } from './fixtures';
import type { MakeSubject } from './subject';

function anEndpoint(overrides: Partial<WebhookEndpoint> = {}): WebhookEndpoint {
  return {
    _id: newEndpointId(),
    merchantId: anId('m'),
    url: 'https://shop.example.cm/hooks',
    events: ['payment.succeeded', 'refund.processed'],
    secrets: [{ secret: newWebhookSecret(), createdAt: at(0), expiresAt: null }],
    status: 'enabled',
    createdAt: at(0),
    ...overrides,
  };
}

export function describeWebhookEndpointStoreContract(name: string, makeSubject: MakeSubject<WebhookEndpointStore>) {
  describe(`WebhookEndpointStore contract: ${name}`, () => {
    let store: WebhookEndpointStore;
    let anotherProcess: () => WebhookEndpointStore;
    beforeEach(async () => {
      ({ store, anotherProcess } = await makeSubject());
    });

    it('keeps an endpoint as inserted, once', async () => {
      const endpoint = anEndpoint({ events: ['*'] });
      expect(await store.insertEndpoint(endpoint)).toBe('inserted');
      expect(await store.insertEndpoint({ ...endpoint, url: 'https://other.example.cm' })).toBe('duplicate');
      expect(await anotherProcess().getEndpoint(endpoint._id)).toEqual(endpoint);
      expect(await store.getEndpoint(newEndpointId())).toBeNull();
    });

    it("lists a merchant's endpoints oldest first, and no one else's", async () => {
      const merchantId = anId('m');
      const later = anEndpoint({ merchantId, createdAt: at(2000) });
      const earlier = anEndpoint({ merchantId, createdAt: at(1000) });
      await store.insertEndpoint(later);
      await store.insertEndpoint(earlier);
      await store.insertEndpoint(anEndpoint());
      expect(await anotherProcess().byMerchant(merchantId)).toEqual([earlier, later]);
    });

    it('changes the status, replaces the secrets and deletes', async () => {
      const endpoint = anEndpoint();
      await store.insertEndpoint(endpoint);
      await store.setStatus(endpoint._id, 'disabled');
      const secrets = [
        { ...endpoint.secrets[0]!, expiresAt: at(86_400_000) },
        { secret: newWebhookSecret(), createdAt: at(5000), expiresAt: null },
      ];
      await store.setSecrets(endpoint._id, secrets);
      expect(await anotherProcess().getEndpoint(endpoint._id)).toEqual({ ...endpoint, status: 'disabled', secrets });
      await store.deleteEndpoint(endpoint._id);
      expect(await anotherProcess().getEndpoint(endpoint._id)).toBeNull();
    });
  });
}
