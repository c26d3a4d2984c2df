// The neutral message model: what the bot says, independent of any platform.
// Each adapter renders it natively (Block Kit, Adaptive Cards, HTML / JSON).
// All strings are plain text; adapters escape them for their markup.

export interface Choice {
  label: string;
  /** What choosing it means: exactly what the member could type instead. */
  value: string;
  style?: 'primary' | 'danger';
}

export interface Field {
  label: string;
  value: string;
}

export type FormFieldKind =
  | 'text'
  | 'textarea'
  | 'number'
  | 'choice'
  | 'multi-choice'
  | 'date'
  | 'yes-no'
  | 'countries';

export interface FormField {
  id: string;
  label: string;
  kind: FormFieldKind;
  required: boolean;
  choices?: Choice[];
  initial?: string;
  hint?: string;
}

export interface Form {
  id: string;
  title: string;
  submitLabel: string;
  fields: FormField[];
}

export interface OutgoingMessage {
  text: string;
  title?: string;
  fields?: Field[];
  /** Buttons (or a select when many); `multiple` lets the member pick several. */
  choices?: { options: Choice[]; multiple?: boolean };
  form?: Form;
  tone?: 'info' | 'success' | 'error';
  /** The reader's locale (BCP 47): an adapter writes its own words (buttons, placeholders) in it; the coalition's default when absent. */
  locale?: string;
}

export type Platform = 'slack' | 'teams' | 'local';

/** What an adapter hands inward after verifying and parsing a platform request. */
export interface IncomingMessage {
  platform: Platform;
  user: {
    /** Platform-unique id: slack "team:user", teams "tenant:aadObjectId", local user name. */
    externalId: string;
    displayName?: string;
    email?: string;
    emailVerified?: boolean;
  };
  /** Key of the conversation the member is in: flow state is per member and conversation. */
  conversation: string;
  /** Opaque address to reach this member directly later (stored, never read by the core). */
  directAddress?: string;
  /** What the member typed, mention already stripped. */
  text?: string;
  /** A button or select the member chose: its value(s). */
  action?: string | string[];
  /** A submitted form: field id -> value(s). */
  form?: { id: string; values: Record<string, string | string[]> };
  locale?: string;
}
