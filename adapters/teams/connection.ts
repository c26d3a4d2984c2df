// What the Teams adapter needs to know of its Azure Bot registration: the app's identity, the
// tenant rules, and (tests) the issuer of Bot Framework tokens. src/config.ts reads it from the
// environment (MICROSOFT_APP_*, TEAMS_ALLOWED_TENANTS, MICROSOFT_OPENID_METADATA_URL).
export interface TeamsConnection {
  appId?: string;
  appPassword?: string;
  tenantId?: string;
  appType: string;
  /** Tenants whose activities are answered (lower case); empty: every tenant (unauthenticated local mode only). */
  allowedTenants: string[];
  /** A loopback issuer of Bot Framework tokens (tests): validates inbound and issues outbound tokens. */
  openIdMetadataUrl?: string;
}

/** Refused at start: with an app id, only the listed tenants' activities are answered. */
export const NO_ALLOWED_TENANTS = 'Teams with an app id needs the allowed tenants (TEAMS_ALLOWED_TENANTS)';
