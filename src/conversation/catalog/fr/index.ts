// The French catalog: the same files and keys as en/ (words.json once it exists there).
import core from './core.json';
import dashboard from './dashboard.json';
import digest from './digest.json';
import exportColumns from './exports.json';
import imports from './imports.json';
import meetings from './meetings.json';
import membership from './membership.json';
import pledges from './pledges.json';
import slack from './slack.json';
import teams from './teams.json';
import sdgs from './sdgs.json';
import words from './words.json';

export default { ...core, ...dashboard, ...digest, ...exportColumns, ...imports, ...meetings, ...membership, ...pledges, ...slack, ...teams, ...sdgs, ...words } as Record<string, string>;
