/** What the membership commands need beyond the conversation context. */
export interface MembershipOptions {
  /** Channel addresses (slack:/teams:) where the secretariat reviews applications. */
  secretariatChannels: string[];
}
