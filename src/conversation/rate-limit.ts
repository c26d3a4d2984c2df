// The per-person message limit is a pure rule of the core (src/core/rate-limit.ts), where the
// local chat's adapter counts with it too; kept here under its old name for the conversation layer.
export { RateLimit } from '../core/rate-limit';
