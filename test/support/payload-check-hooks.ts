// Fails the test (or, for payloads sent in a file's set-up, the file) in which the bot sent a
// Slack or Teams payload that breaks its platform's schema or limits (see payload-checks.ts).
import { takeViolations, type Violation } from './payload-checks';

function report(violations: Violation[]): string {
  return violations
    .map((v) => `${v.where}:\n  ${v.errors.slice(0, 20).join('\n  ')}\n  payload: ${JSON.stringify(v.payload).slice(0, 2000)}`)
    .join('\n');
}

function failOnViolations(): void {
  const found = takeViolations();
  if (found.length) throw new Error(`the bot sent payloads Slack or Teams would refuse:\n${report(found)}`);
}

afterEach(failOnViolations);
afterAll(failOnViolations);
