// `my data` (everything stored about the member, as JSON at a signed link) and `forget me`
// (after an explicit confirmation: deletes the member's personal data; audited without it).
import type { MemberDataRights } from '../../core/members/data-rights';
import { normalize } from '../../core/text/similarity';
import type { Translate } from '../catalog/catalog';
import type { Command } from '../router';

/**
 * `confirm` after `forget me`, or the language's own first confirm word (`oubliez moi confirmer`):
 * only that one, as the sentence writes it, for a step that cannot be undone.
 */
function confirmed(args: string, t: Translate): boolean {
  const typed = normalize(args);
  return typed === 'confirm' || typed === normalize(t('words.confirm').split('|')[0]!);
}

export interface DataRightsDeps {
  rights: MemberDataRights;
  /** A signed link to the member's data, valid until `expiresAt`. */
  myDataLink(memberId: string, expiresAt: Date): string;
  linkLifetimeMs: number;
}

export function dataRightsCommands(deps: DataRightsDeps): Command[] {
  const myData: Command = {
    name: 'my data',
    readOnly: true,
    summary: 'command.my_data',
    async run(ctx) {
      const url = deps.myDataLink(ctx.member.id, new Date(ctx.now.getTime() + deps.linkLifetimeMs));
      return [{ text: ctx.t('my_data.ready'), fields: [{ label: ctx.t('export.link'), value: url }] }];
    },
  };
  const forgetMe: Command = {
    name: 'forget me',
    summary: 'command.forget_me',
    usage: 'forget me',
    async run(ctx, args) {
      if (!confirmed(args, ctx.t)) {
        // A question before an irreversible step, not an error: the button itself is styled as dangerous.
        return [{ text: ctx.t('forget_me.confirm'), choices: { options: [{ label: ctx.t('forget_me.confirm_button'), value: 'forget me confirm', style: 'danger' }] } }];
      }
      await deps.rights.forget(ctx.member.id, ctx.now); // writes its own audit entry with the deletion
      // No success tone: adapters refresh the member's views after a success, which would identify
      // (and so recreate) the member just forgotten.
      return [{ text: ctx.t('forget_me.done') }];
    },
  };
  return [myData, forgetMe];
}
