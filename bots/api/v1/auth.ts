/** Bearer API keys: who is calling (401 when nobody known) and whether their key may do this (403 naming the scope). */
import type { ApiScope } from '../../../domain/merchants/apiKey';
import type { ApiKeyAuthenticator, ApiKeyIdentity } from '../ports';
import { ApiError } from './errors';

// A generated secret is a few dozen characters; anything much longer is not one and is not hashed.
const MAX_SECRET_LENGTH = 200;
const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="api"' };

/** The key of `Authorization: Bearer <secret>`, or a 401 (missing, malformed, unknown or revoked alike). */
export async function authenticate(header: string | undefined, keys: ApiKeyAuthenticator): Promise<ApiKeyIdentity> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const secret = match?.[1];
  if (secret === undefined) {
    throw new ApiError(
      401,
      'authentication',
      'api_key_missing',
      'Send your API key as "Authorization: Bearer <key>".',
      undefined,
      CHALLENGE,
    );
  }
  const key = secret.length > MAX_SECRET_LENGTH ? null : await keys.authenticate(secret);
  if (!key) {
    throw new ApiError(
      401,
      'authentication',
      'api_key_invalid',
      'This API key is unknown or revoked.',
      undefined,
      CHALLENGE,
    );
  }
  return key;
}

/** Refuses a key without `scope` (403, naming it). */
export function requireScope(key: ApiKeyIdentity, scope: ApiScope): void {
  if (!key.scopes.includes(scope)) {
    throw new ApiError(403, 'permission', 'scope_missing', `This API key lacks the "${scope}" scope.`);
  }
}
