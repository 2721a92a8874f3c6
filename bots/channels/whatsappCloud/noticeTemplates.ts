/**
 * Notices outside WhatsApp's 24-hour window. Meta delivers free text only within 24 hours of the person's last
 * message to us; after that a business may write first only with a message template it had approved (Meta's
 * "Template messages" and "Send templates" references): `{type: "template", template: {name, language: {code},
 * components: [{type: "body", parameters: [{type: "text", text}, …]}]}}`, the parameters filling the approved
 * text's `{{1}}`, `{{2}}`… in order. Each notice that has an approved template is listed in the settings
 * (WHATSAPP_CLOUD_TEMPLATES: the notice's key, the template's name, the notice's parameters in the template's
 * order), with the template's language code for each of ours (WHATSAPP_CLOUD_TEMPLATE_LANGUAGES). The texts to
 * submit are in docs/channels.md. A notice with no template, or missing a parameter its template needs, has none:
 * it goes by SMS.
 */
import type { Notice } from '../../../domain/notifications';
import type { Language } from '../../../domain/users';
import { formatParam } from '../../../flows/messages/catalog';
import type { CloudMessage } from './cloudRenderer';

/** One approved template: which notice it carries, its name at Meta, and the notice's parameters in its order. */
export interface NoticeTemplate {
  notice: string;
  name: string;
  params: readonly string[];
}

/** Meta's language code of the templates for each of our languages (e.g. `fr`, `en` or `en_US`). */
export type TemplateLanguages = Readonly<Record<Language, string>>;

export interface NoticeTemplates {
  templates: readonly NoticeTemplate[];
  languages: TemplateLanguages;
}

/** Meta's body parameters are text; WhatsApp refuses a parameter with a newline, a tab or more than four spaces. */
function parameterText(text: string): string {
  return text.replace(/[\n\t]+/g, ' ').replace(/ {4,}/g, '   ');
}

/** The notice as its approved template, or null when none fits it (then the notice goes by SMS). */
export function templateFor(notice: Notice, language: Language, templates: NoticeTemplates): CloudMessage | null {
  const template = templates.templates.find((t) => t.notice === notice.key);
  if (!template) return null;
  const values = template.params.map((name) => notice.params?.[name]);
  if (values.some((value) => value === undefined)) return null;
  const parameters = values.map((value) => ({
    type: 'text' as const,
    text: parameterText(formatParam(value!, language)),
  }));
  return {
    type: 'template',
    template: {
      name: template.name,
      language: { code: templates.languages[language] },
      components: parameters.length === 0 ? [] : [{ type: 'body', parameters }],
    },
  };
}
