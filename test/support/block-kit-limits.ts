// Slack's documented Block Kit limits, checked on a message (chat.postMessage, chat.update,
// chat.postEphemeral, a response_url body) or a view (modal, Home tab). Slack publishes no
// JSON schema for Block Kit; every limit below is from the table in
// test/platform-schemas/README.md, which names the Slack page of each. Written apart from the
// renderer (adapters/slack/render.ts) so that it can catch it out. Lengths count code points.
type Json = Record<string, any>;

export type Surface = 'message' | 'modal' | 'home';

const length = (s: string): number => [...s].length;
const MESSAGE_TEXT = 40_000;

/** Errors of a message's or a view's blocks against Slack's limits; empty when all hold. */
export function blockKitErrors(payload: Json, surface: Surface): string[] {
  const errors: string[] = [];
  const fail = (path: string, message: string): void => void errors.push(`${path} ${message}`);

  const text = (node: unknown, path: string, max: number, kind?: 'plain_text' | 'mrkdwn'): void => {
    if (!node || typeof node !== 'object') return fail(path, 'must be a text object');
    const t = node as Json;
    if (t.type !== 'plain_text' && t.type !== 'mrkdwn') return fail(`${path}/type`, `must be plain_text or mrkdwn, not ${JSON.stringify(t.type)}`);
    if (kind && t.type !== kind) fail(`${path}/type`, `must be ${kind}`);
    if (typeof t.text !== 'string' || length(t.text) < 1) return fail(`${path}/text`, 'must be at least 1 character');
    if (length(t.text) > Math.min(max, 3000)) fail(`${path}/text`, `is ${length(t.text)} characters, more than ${Math.min(max, 3000)}`);
    if ('emoji' in t && t.type !== 'plain_text') fail(`${path}/emoji`, 'is only allowed on plain_text');
    if ('verbatim' in t && t.type !== 'mrkdwn') fail(`${path}/verbatim`, 'is only allowed on mrkdwn');
  };
  const maxString = (value: unknown, path: string, max: number, required = false): void => {
    if (value === undefined && !required) return;
    if (typeof value !== 'string') return fail(path, 'must be a string');
    if (length(value) > max) fail(path, `is ${length(value)} characters, more than ${max}`);
  };
  const option = (o: Json, path: string): void => {
    text(o.text, `${path}/text`, 75);
    maxString(o.value, `${path}/value`, 150, true);
    if (o.description !== undefined) text(o.description, `${path}/description`, 75);
  };
  const element = (e: Json, path: string): void => {
    maxString(e.action_id, `${path}/action_id`, 255);
    switch (e.type) {
      case 'button':
        text(e.text, `${path}/text`, 75, 'plain_text');
        maxString(e.value, `${path}/value`, 2000);
        maxString(e.url, `${path}/url`, 3000);
        if (e.style !== undefined && e.style !== 'primary' && e.style !== 'danger') fail(`${path}/style`, 'must be primary or danger');
        break;
      case 'static_select':
      case 'multi_static_select': {
        if (e.placeholder !== undefined) text(e.placeholder, `${path}/placeholder`, 150, 'plain_text');
        const options: Json[] = Array.isArray(e.options) ? e.options : [];
        const groups: Json[] = Array.isArray(e.option_groups) ? e.option_groups : [];
        if (!e.options === !e.option_groups) fail(path, 'needs exactly one of options and option_groups');
        if (options.length > 100) fail(`${path}/options`, `has ${options.length} options, more than 100`);
        if (groups.length > 100) fail(`${path}/option_groups`, `has ${groups.length} groups, more than 100`);
        options.forEach((o, i) => option(o, `${path}/options/${i}`));
        groups.forEach((g, i) => {
          text(g.label, `${path}/option_groups/${i}/label`, 75, 'plain_text');
          if ((g.options ?? []).length > 100) fail(`${path}/option_groups/${i}/options`, 'has more than 100 options');
          (g.options ?? []).forEach((o: Json, j: number) => option(o, `${path}/option_groups/${i}/options/${j}`));
        });
        const all = [...options, ...groups.flatMap((g) => g.options ?? [])];
        const initial: Json[] = e.initial_options ?? (e.initial_option ? [e.initial_option] : []);
        for (const [i, chosen] of initial.entries()) {
          if (!all.some((o) => JSON.stringify(o) === JSON.stringify(chosen))) fail(`${path}/initial_option${e.initial_options ? `s/${i}` : ''}`, 'matches none of the options exactly');
        }
        break;
      }
      case 'plain_text_input':
        if (e.placeholder !== undefined) text(e.placeholder, `${path}/placeholder`, 150, 'plain_text');
        if (e.min_length !== undefined && !(e.min_length >= 0 && e.min_length <= 3000)) fail(`${path}/min_length`, 'must be 0 to 3000');
        if (e.max_length !== undefined && !(e.max_length >= 1 && e.max_length <= 3000)) fail(`${path}/max_length`, 'must be 1 to 3000');
        break;
      default:
        if (e.placeholder !== undefined) text(e.placeholder, `${path}/placeholder`, 150, 'plain_text');
    }
  };
  const actionIdsUnique = (elements: Json[], path: string): void => {
    const ids = elements.map((e) => e.action_id).filter((id): id is string => typeof id === 'string');
    for (const id of new Set(ids.filter((id, i) => ids.indexOf(id) !== i))) fail(path, `repeats action_id ${JSON.stringify(id)}`);
  };

  const blocks: Json[] = Array.isArray(payload.blocks) ? payload.blocks : [];
  if (payload.blocks !== undefined && !Array.isArray(payload.blocks)) fail('/blocks', 'must be an array');
  const maxBlocks = surface === 'message' ? 50 : 100;
  if (blocks.length > maxBlocks) fail('/blocks', `has ${blocks.length} blocks, more than ${maxBlocks} in a ${surface}`);
  const blockIds = new Set<string>();
  blocks.forEach((b, i) => {
    const path = `/blocks/${i}`;
    if (b.block_id !== undefined) {
      maxString(b.block_id, `${path}/block_id`, 255);
      if (blockIds.has(b.block_id)) fail(`${path}/block_id`, `${JSON.stringify(b.block_id)} is not unique in the ${surface}`);
      blockIds.add(b.block_id);
    }
    switch (b.type) {
      case 'section':
        if (b.text === undefined && b.fields === undefined) fail(path, 'needs text or fields');
        if (b.text !== undefined) text(b.text, `${path}/text`, 3000);
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields) || b.fields.length > 10) fail(`${path}/fields`, 'must be at most 10 items');
          (b.fields ?? []).forEach((f: Json, j: number) => text(f, `${path}/fields/${j}`, 2000));
        }
        if (b.accessory) element(b.accessory, `${path}/accessory`);
        break;
      case 'header':
        text(b.text, `${path}/text`, 150, 'plain_text');
        break;
      case 'context': {
        const elements: Json[] = b.elements ?? [];
        if (elements.length < 1 || elements.length > 10) fail(`${path}/elements`, `must be 1 to 10 items, not ${elements.length}`);
        elements.forEach((e, j) => (e.type === 'image' ? undefined : text(e, `${path}/elements/${j}`, 3000)));
        break;
      }
      case 'actions': {
        const elements: Json[] = b.elements ?? [];
        if (elements.length < 1 || elements.length > 25) fail(`${path}/elements`, `must be 1 to 25 items, not ${elements.length}`);
        elements.forEach((e, j) => element(e, `${path}/elements/${j}`));
        actionIdsUnique(elements, `${path}/elements`);
        break;
      }
      case 'input':
        text(b.label, `${path}/label`, 2000, 'plain_text');
        if (b.hint !== undefined) text(b.hint, `${path}/hint`, 2000, 'plain_text');
        if (!b.element) fail(`${path}/element`, 'is required');
        else element(b.element, `${path}/element`);
        if (surface === 'message') fail(path, 'input blocks belong in modals and Home tabs');
        break;
      case 'divider':
      case 'image':
      case 'rich_text':
        break;
      default:
        fail(`${path}/type`, `${JSON.stringify(b.type)} is not a block type this checker knows`);
    }
  });

  if (surface === 'message') {
    if (typeof payload.text === 'string' && length(payload.text) > MESSAGE_TEXT) fail('/text', `is ${length(payload.text)} characters, more than ${MESSAGE_TEXT} (Slack truncates)`);
    if (blocks.length === 0 && !(typeof payload.text === 'string' && payload.text.length > 0)) fail('/', 'needs text or blocks');
  } else {
    if (payload.type !== surface) fail('/type', `must be ${surface}`);
    maxString(payload.callback_id, '/callback_id', 255);
    maxString(payload.private_metadata, '/private_metadata', 3000);
    if (surface === 'modal') {
      text(payload.title, '/title', 24, 'plain_text');
      if (payload.submit !== undefined) text(payload.submit, '/submit', 24, 'plain_text');
      if (payload.close !== undefined) text(payload.close, '/close', 24, 'plain_text');
      if (blocks.some((b) => b.type === 'input') && payload.submit === undefined) fail('/submit', 'is required when the modal has an input block');
    }
  }
  return errors;
}
