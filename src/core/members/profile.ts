// What a valid profile is. Flows, forms and the operator CLI all check with these.
import { z } from 'zod';
import type { Member } from '../ports';

// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** Trimmed single-line text without control characters, within a length range. */
export function plainText(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !CONTROL_CHARACTERS.test(s), { message: 'error.text_control' });
}

export const profileRules = {
  name: plainText(2, 100),
  organization: plainText(2, 200),
  email: z.string().trim().max(254).email(),
};

export const PROFILE_FIELDS = ['name', 'organization', 'category', 'country', 'timeZone'] as const;

/** A profile is complete when everything but the optional email is known. */
export function isProfileComplete(member: Member): boolean {
  return PROFILE_FIELDS.every((field) => Boolean(member[field]));
}
