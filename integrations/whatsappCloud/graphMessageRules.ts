/**
 * What Meta refuses in a message sent through the Cloud API, as the Graph API simulator checks it: the fields each
 * type needs and Meta's length limits (its reply buttons, list messages and flow messages pages). A refusal is a Graph error with
 * code 100 (a missing or unknown parameter) or 131009 (a parameter value not valid), HTTP 400.
 */

export interface GraphProblem {
  code: number;
  message: string;
}

/** A Graph API error body. */
export function graphError(code: number, message: string, type = 'OAuthException') {
  return {
    error: { message, type, code, error_data: { messaging_product: 'whatsapp', details: message }, fbtrace_id: 'Asim' },
  };
}

const LIMITS = {
  text: 4096,
  buttonBody: 1024,
  listBody: 4096,
  buttonTitle: 20,
  buttonId: 256,
  listButton: 20,
  rows: 10,
  rowTitle: 24,
  rowDescription: 72,
  rowId: 200,
  sectionTitle: 24,
  flowCta: 30,
};

type Json = Record<string, unknown>;

/** Why Meta would refuse this body, or null when it would take it. */
export function problemOf(body: Json): GraphProblem | null {
  if (body.messaging_product !== 'whatsapp') return invalidParameter('messaging_product must be whatsapp');
  if (typeof body.to !== 'string' || !/^\+?\d{6,15}$/.test(body.to))
    return invalidParameter('to is not a phone number');
  if (body.type === 'text') {
    const text = object(body.text)?.body;
    return isText(text, LIMITS.text) ? null : notValid('text.body must be 1 to 4096 characters');
  }
  if (body.type === 'interactive') return interactiveProblem(object(body.interactive));
  if (body.type === 'template') return templateProblem(object(body.template));
  return invalidParameter(`unsupported message type ${String(body.type)}`);
}

function interactiveProblem(interactive: Json | undefined): GraphProblem | null {
  const bodyText = object(interactive?.body)?.text;
  const action = object(interactive?.action);
  if (interactive?.type === 'button') {
    if (!isText(bodyText, LIMITS.buttonBody)) return notValid('body.text must be 1 to 1024 characters');
    const buttons = Array.isArray(action?.buttons) ? (action.buttons as unknown[]) : [];
    if (buttons.length < 1 || buttons.length > 3) return notValid('buttons must be 1 to 3');
    const ids = new Set<string>();
    for (const button of buttons) {
      const reply = object(object(button)?.reply);
      if (object(button)?.type !== 'reply') return invalidParameter('button type must be reply');
      if (!isText(reply?.title, LIMITS.buttonTitle)) return notValid('button title must be 1 to 20 characters');
      if (!isText(reply?.id, LIMITS.buttonId) || ids.has(reply.id as string))
        return notValid('button ids must be unique');
      ids.add(reply.id as string);
    }
    return null;
  }
  if (interactive?.type === 'list') {
    if (!isText(bodyText, LIMITS.listBody)) return notValid('body.text must be 1 to 4096 characters');
    if (!isText(action?.button, LIMITS.listButton)) return notValid('action.button must be 1 to 20 characters');
    const sections = Array.isArray(action?.sections) ? (action.sections as unknown[]).map(object) : [];
    if (sections.length < 1 || sections.length > 10) return notValid('sections must be 1 to 10');
    const rows = sections.flatMap((s) => (Array.isArray(s?.rows) ? (s.rows as unknown[]).map(object) : []));
    if (rows.length < 1 || rows.length > LIMITS.rows) return notValid('rows must be 1 to 10 in all');
    for (const section of sections) {
      if (section?.title !== undefined && !isText(section.title, LIMITS.sectionTitle)) {
        return notValid('section title must be 1 to 24 characters');
      }
    }
    const ids = new Set<string>();
    for (const row of rows) {
      if (!isText(row?.title, LIMITS.rowTitle)) return notValid('row title must be 1 to 24 characters');
      if (row?.description !== undefined && !isText(row.description, LIMITS.rowDescription)) {
        return notValid('row description must be at most 72 characters');
      }
      if (!isText(row?.id, LIMITS.rowId) || ids.has(row.id as string)) return notValid('row ids must be unique');
      ids.add(row.id as string);
    }
    return null;
  }
  if (interactive?.type === 'flow') {
    if (!isText(bodyText, LIMITS.buttonBody)) return notValid('body.text must be 1 to 1024 characters');
    const parameters = object(action?.parameters);
    if (action?.name !== 'flow' || !parameters) return invalidParameter('action.name must be flow, with parameters');
    if (parameters.flow_message_version !== '3') return notValid('flow_message_version must be 3');
    if (!isText(parameters.flow_token, 1024)) return notValid('flow_token is required');
    if (!isText(parameters.flow_id, 64) && !isText(parameters.flow_name, 200)) return notValid('flow_id is required');
    if (!isText(parameters.flow_cta, LIMITS.flowCta)) return notValid('flow_cta must be 1 to 30 characters');
    if (parameters.flow_action !== undefined && !['navigate', 'data_exchange'].includes(String(parameters.flow_action)))
      return notValid('flow_action must be navigate or data_exchange');
    return null;
  }
  return invalidParameter('interactive.type must be button, list or flow');
}

function templateProblem(template: Json | undefined): GraphProblem | null {
  if (typeof template?.name !== 'string' || !/^[a-z0-9_]{1,512}$/.test(template.name)) {
    return invalidParameter('template.name is required (lowercase letters, digits, underscores)');
  }
  if (!isText(object(template.language)?.code, 15)) return invalidParameter('template.language.code is required');
  const components = template.components === undefined ? [] : template.components;
  if (!Array.isArray(components)) return invalidParameter('template.components must be an array');
  for (const component of components.map(object)) {
    const parameters = Array.isArray(component?.parameters) ? (component.parameters as unknown[]).map(object) : [];
    for (const parameter of parameters) {
      if (parameter?.type !== 'text') continue;
      // Meta refuses a text parameter that is empty, holds a newline or a tab, or more than four spaces in a row.
      if (!isText(parameter.text, 32_768) || /[\n\t]| {5,}/.test(parameter.text as string)) {
        return { code: 132000, message: '(#132000) Number of parameters does not match or parameter not valid' };
      }
    }
  }
  return null;
}

function object(value: unknown): Json | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

/** A non-empty string of at most `max` characters, counted as people count them. */
function isText(value: unknown, max: number): value is string {
  return typeof value === 'string' && value.trim() !== '' && Array.from(value).length <= max;
}

function invalidParameter(message: string): GraphProblem {
  return { code: 100, message: `(#100) Invalid parameter: ${message}` };
}

function notValid(message: string): GraphProblem {
  return { code: 131009, message: `(#131009) Parameter value is not valid: ${message}` };
}
