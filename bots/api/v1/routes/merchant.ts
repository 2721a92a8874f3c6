/** `GET /merchant`: the key's own merchant. */
import { ApiError } from '../errors';
import { presentMerchant } from '../present';
import { answer, defineRoute } from '../route';
import { merchantResource } from '../schemas/resources';

export const merchantRoutes = [
  defineRoute({
    method: 'get',
    path: '/merchant',
    summary: "The API key's merchant",
    description: 'Its name, category, status, KYC level and balance.',
    status: 200,
    response: merchantResource,
    errors: [404],
    async handle({ merchantId, ports }) {
      const merchant = await ports.merchants.overview(merchantId);
      if (!merchant) throw new ApiError(404, 'not_found', 'merchant_not_found', 'This merchant does not exist.');
      return answer(200, presentMerchant(merchant));
    },
  }),
];
