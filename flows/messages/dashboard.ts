/**
 * Merchant dashboard texts sent in chat or by SMS: the one-time sign-in code (`dashboard.*`). The code is the
 * message's only secret; it says never to share it, as banks' codes do.
 */
import { defineMessages } from './catalog';

export const dashboardMessages = defineMessages({
  en: {
    'dashboard.signInCode':
      'Your merchant dashboard code is {code}. It expires in 10 minutes. Never share it: we will never ask you for it.',
  },
  fr: {
    'dashboard.signInCode':
      'Votre code du tableau de bord marchand est {code}. Il expire dans 10 minutes. Ne le partagez jamais : nous ne vous le demanderons jamais.',
  },
});
