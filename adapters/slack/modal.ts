// Forms as Slack modals: the neutral Form (built from a flow's steps) rendered as input
// blocks whose block ids are the field ids, and a submission's state read back into
// field values, so the flow's own parsers and zod schemas check them. A submission is one
// turn through the inbound port: checked before the ack (a refused field is shown in place),
// saved after it.
import type { AckFn, ViewResponseAction, webApi } from '@slack/bolt';
import { coalitionIn, type Coalition } from '../../src/core/coalition/coalition';
import type { Form, FormField } from '../../src/core/messages';
import { translator, type Translate } from '../../src/conversation/catalog/catalog';
import type { InboundPort } from '../../src/conversation/inbound-port';
import type { ReaderLanguages } from '../../src/conversation/inbound-port';
import type { HomeTab } from './home';
import { incoming, type SlackActor } from './inbound';
import { clipTo, escapeMrkdwn } from './mrkdwn';
import { asView, plainText, selectOptions, type Block } from './render';
import type { SlackTurns } from './turns';
import type { UserDirectory } from './user-directory';

export const FORM_CALLBACK = 'flow_form';
export const LOADING_CALLBACK = 'flow_form_loading';
const VALUE = 'value';

export interface FormMetadata {
  form: string;
}

function option(choice: { label: string; value: string }) {
  return { text: plainText(choice.label), value: clipTo(choice.value, 150) };
}

function element(field: FormField, t: Translate): Block {
  const choices = field.choices ?? [];
  const initialChoice = choices.find((c) => c.value === field.initial || c.label === field.initial);
  switch (field.kind) {
    case 'choice':
    case 'yes-no':
      if (choices.length > 0) {
        return {
          type: 'static_select',
          action_id: VALUE,
          placeholder: plainText(t('slack.choose')),
          ...selectOptions(choices.map(option), t),
          ...(initialChoice ? { initial_option: option(initialChoice) } : {}),
        };
      }
      break;
    case 'multi-choice':
      if (choices.length > 0) {
        const initial = (field.initial ?? '').split(',').map((s) => s.trim());
        const chosen = choices.filter((c) => initial.includes(c.value));
        return {
          type: 'multi_static_select',
          action_id: VALUE,
          placeholder: plainText(t('slack.choose')),
          ...selectOptions(choices.map(option), t),
          ...(chosen.length ? { initial_options: chosen.map(option) } : {}),
        };
      }
      break;
    case 'date':
      return { type: 'datepicker', action_id: VALUE, ...(/^\d{4}-\d{2}-\d{2}$/.test(field.initial ?? '') ? { initial_date: field.initial } : {}) };
    case 'textarea':
      return { type: 'plain_text_input', action_id: VALUE, multiline: true, ...(field.initial ? { initial_value: clipTo(field.initial, 3000) } : {}) };
    default:
      break;
  }
  // Text, numbers and countries are typed: the flow's parser reads them as in a chat.
  return { type: 'plain_text_input', action_id: VALUE, ...(field.initial ? { initial_value: clipTo(field.initial, 3000) } : {}) };
}

export function formView(form: Form, botName: string, t: Translate): Block {
  const blocks: Block[] = [{ type: 'section', text: { type: 'mrkdwn', text: clipTo(escapeMrkdwn(form.title), 3000) } }];
  for (const field of form.fields.slice(0, 99)) {
    blocks.push({
      type: 'input',
      block_id: field.id,
      optional: !field.required,
      label: plainText(field.label, 2000),
      element: element(field, t),
      ...(field.hint ? { hint: plainText(field.hint, 2000) } : {}),
    });
  }
  const metadata: FormMetadata = { form: form.id };
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    private_metadata: JSON.stringify(metadata),
    title: plainText(botName, 24),
    submit: plainText(form.submitLabel, 24),
    close: plainText(t('slack.form_cancel'), 24),
    blocks,
  };
}

/** Opened with the trigger id at once (it expires in 3 s), then replaced by the real form. */
export function loadingView(botName: string, t: Translate): Block {
  return {
    type: 'modal',
    callback_id: LOADING_CALLBACK,
    title: plainText(botName, 24),
    close: plainText(t('slack.form_cancel'), 24),
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: escapeMrkdwn(t('slack.form_loading')) } }],
  };
}

interface StateValue {
  type?: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: { value: string }[];
  selected_date?: string | null;
}

/** A view_submission's state as field values (what the member would have typed). */
export function submittedValues(state: { values?: Record<string, Record<string, StateValue>> } | undefined): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [blockId, actions] of Object.entries(state?.values ?? {})) {
    const input = actions[VALUE];
    if (!input) continue;
    if (input.selected_options) values[blockId] = input.selected_options.map((o) => o.value);
    else if (input.selected_option !== undefined) values[blockId] = input.selected_option?.value ?? '';
    else if (input.selected_date !== undefined) values[blockId] = input.selected_date ?? '';
    else values[blockId] = input.value ?? '';
  }
  return values;
}

export function formMetadata(raw: string | undefined): FormMetadata | null {
  try {
    const parsed = JSON.parse(raw ?? '') as Partial<FormMetadata>;
    return typeof parsed.form === 'string' ? { form: parsed.form } : null;
  } catch {
    return null;
  }
}

export class Modals {
  constructor(
    private readonly deps: { client: webApi.WebClient; port: InboundPort; users: UserDirectory; turns: SlackTurns; home: HomeTab; coalition: Coalition; languages: ReaderLanguages },
  ) {}

  /** Opens the modal with the trigger id first (it expires in 3 s), then fills in the form. */
  async open(who: SlackActor, triggerId: string, flowId: string): Promise<void> {
    const { client, port, users, coalition, languages } = this.deps;
    // Before the form is asked for: the member's stored language (one read), else the last seen, else their Slack language.
    const first = await languages.read(who.user, users.cached(who.user).locale, () => port.storedLocale('slack', `${who.team}:${who.user}`));
    const opened = await client.views.open({ trigger_id: triggerId, view: asView(loadingView(coalitionIn(coalition, first).botName, translator(first))) });
    const view = opened.view as { id: string; hash?: string };
    const profile = await users.lookup(who.user);
    const opening = await port.form(incoming(who, profile, {}), flowId);
    languages.remember(who.user, opening.locale);
    const locale = languages.localeOf(who.user, profile.locale);
    const t = translator(locale);
    const botName = coalitionIn(coalition, locale).botName;
    if (opening.kind === 'form') {
      await client.views.update({ view_id: view.id, hash: view.hash, view: asView(formView(opening.form, botName, t)) });
      return;
    }
    const text = opening.kind === 'unknown' ? t('slack.unknown_form', { form: flowId.replace(/[^\w-]/g, '').slice(0, 40) }) : clipTo(`:warning: ${escapeMrkdwn(opening.text)}`, 3000);
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text } }];
    await client.views.update({ view_id: view.id, view: asView({ ...loadingView(botName, t), blocks }) });
  }

  /**
   * A submission: checked before the ack, so a refused field is shown in the modal next to the
   * field; saved after it (it may notify others, the secretariat, through Slack). The replies go
   * to the member's DM. No Slack call before the ack (a rate-limited one could outlast it): a
   * profile not in the directory's cache is kept as stored.
   */
  async submit(who: SlackActor, ack: AckFn<ViewResponseAction>, metadata: FormMetadata, values: Record<string, string | string[]>): Promise<void> {
    let acked = false;
    const answer = async (errors: Record<string, string> | null) => {
      acked = true;
      await (errors ? ack({ response_action: 'errors', errors }) : ack());
    };
    try {
      const result = await this.deps.port.turn({ ...incoming(who, this.deps.users.cached(who.user), {}), form: { id: metadata.form, values }, formChecked: answer });
      this.deps.languages.remember(who.user, result.locale);
      if (result.formErrors) return;
      await this.deps.turns.toDm(who, result.replies);
      await this.deps.home.refresh(who, result.changed);
    } finally {
      // A failure before the check still closes the modal; the member is told in the DM.
      if (!acked) await ack();
    }
  }
}
