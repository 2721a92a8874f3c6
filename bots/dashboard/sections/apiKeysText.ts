/** The API keys section's texts, in English and French. */
import { sayFrom } from '../../pages/links/pageShell';

const en = {
  name: 'Name',
  key: 'Key',
  scopes: 'Scopes',
  created: 'Created',
  status: 'Status',
  actions: 'Actions',
  active: 'active',
  revokedOn: 'revoked {date}',
  revoke: 'Revoke',
  confirmRevoke: 'Revoke the key {name}? Programs using it will be refused at once.',
  none: 'No API key yet.',
  createTitle: 'New API key',
  createIntro: 'A key lets your programs call the merchant API with the scopes chosen here.',
  'scope.read': 'read: see payments, links, invoices, events',
  'scope.write': 'write: create payment requests, links, invoices, webhook endpoints',
  'scope.refunds': 'refunds: refund payments',
  secretTitle: 'Your new key',
  secretIntro:
    'Copy this secret now and keep it in your server’s settings: it is shown this once and never again. Anyone holding it acts for your business.',
  backToKeys: 'Back to the keys',
  noScope: 'Choose at least one scope.',
  badName: 'A name has at most 60 characters.',
  'done.revoked': 'The key is revoked.',
  notFound: 'There is no such key in this business.',
};

const fr: Record<keyof typeof en, string> = {
  name: 'Nom',
  key: 'Clé',
  scopes: 'Droits',
  created: 'Créée le',
  status: 'Statut',
  actions: 'Actions',
  active: 'active',
  revokedOn: 'révoquée le {date}',
  revoke: 'Révoquer',
  confirmRevoke: 'Révoquer la clé {name} ? Les programmes qui l’utilisent seront refusés aussitôt.',
  none: 'Aucune clé API pour l’instant.',
  createTitle: 'Nouvelle clé API',
  createIntro: 'Une clé permet à vos programmes d’appeler l’API marchand avec les droits choisis ici.',
  'scope.read': 'read : voir paiements, liens, factures, événements',
  'scope.write': 'write : créer demandes de paiement, liens, factures, webhooks',
  'scope.refunds': 'refunds : rembourser des paiements',
  secretTitle: 'Votre nouvelle clé',
  secretIntro:
    'Copiez ce secret maintenant et gardez-le dans les réglages de votre serveur : il n’est montré qu’une fois. Qui le détient agit pour votre entreprise.',
  backToKeys: 'Retour aux clés',
  noScope: 'Choisissez au moins un droit.',
  badName: 'Un nom a au plus 60 caractères.',
  'done.revoked': 'La clé est révoquée.',
  notFound: 'Cette clé n’existe pas dans cette entreprise.',
};

export type ApiKeysTextKey = keyof typeof en;

/** An API keys text, escaped, its parameters escaped and filled. */
export const sayApiKeys = sayFrom({ en, fr });
