// The platforms' own JSON schemas (test/platform-schemas, copied unchanged; see its README),
// loaded once with Ajv: the Teams app manifest (draft-04), the Adaptive Cards 1.5 schema
// (draft-06) and the Slack app manifest schemas (draft-07). Each function answers a list of
// readable errors, empty when the document is valid.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import AjvDraft04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';

// From test/support, or from dist/test/support when the benchmark runs the compiled fakes.
const dir = [join(__dirname, '..', 'platform-schemas'), join(__dirname, '..', '..', '..', 'test', 'platform-schemas')].find((d) => existsSync(d))!;
type Schema = Record<string, any>;
const load = (file: string): Schema => JSON.parse(readFileSync(join(dir, file), 'utf8'));

/** Teams manifest schemas kept, by manifestVersion. */
export const TEAMS_MANIFEST_VERSIONS = ['1.19'] as const;

function describe(errors: ErrorObject[] | null | undefined, where = ''): string[] {
  return (errors ?? []).map((e) => `${where}${e.instancePath || '/'} ${e.message ?? e.keyword}${e.params && Object.keys(e.params).length ? ` ${JSON.stringify(e.params)}` : ''}`);
}

let teams: Map<string, ValidateFunction> | undefined;

/** Errors of a Teams app manifest against the schema of its own manifestVersion. */
export function teamsManifestErrors(manifest: Schema): string[] {
  if (!teams) {
    const ajv = new AjvDraft04({ allErrors: true, strict: false });
    addFormats(ajv);
    teams = new Map(TEAMS_MANIFEST_VERSIONS.map((v) => [v, ajv.compile(load(`teams-manifest-v${v}.schema.json`))]));
  }
  const validate = teams.get(String(manifest.manifestVersion));
  if (!validate) return [`/manifestVersion ${String(manifest.manifestVersion)} has no schema in test/platform-schemas (kept: ${TEAMS_MANIFEST_VERSIONS.join(', ')})`];
  return validate(manifest) ? [] : describe(validate.errors);
}

let teamsLocalization: ValidateFunction | undefined;

/** Errors of a Teams app localization file (<language>.json in the package) against Microsoft's schema. */
export function teamsLocalizationErrors(file: Schema): string[] {
  if (!teamsLocalization) {
    // Its key patterns hold a bare "]" (`\b]\.description`), valid only without the u flag Ajv adds by default.
    const ajv = new AjvDraft04({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    teamsLocalization = ajv.compile(load('teams-localization.schema.json'));
  }
  return teamsLocalization(file) ? [] : describe(teamsLocalization.errors);
}

let slack: ValidateFunction | undefined;

/** Errors of a Slack app manifest against slackapi/manifest-schema (the root picks 1.0.0 or 2.0.0). */
export function slackManifestErrors(manifest: Schema): string[] {
  if (!slack) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    // The 1.0.0 schema writes "regex" where it means "pattern": enforced as its authors wrote it.
    ajv.addKeyword({ keyword: 'regex', type: 'string', schemaType: 'string', validate: (pattern: string, data: string) => new RegExp(pattern).test(data) });
    const base = 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/';
    ajv.addSchema(load('slack-manifest-1.0.0.schema.json'), `${base}manifest.schema.1.0.0.json`);
    ajv.addSchema(load('slack-manifest-2.0.0.schema.json'), `${base}manifest.schema.2.0.0.json`);
    slack = ajv.compile(load('slack-manifest.schema.json'));
  }
  return slack(manifest) ? [] : [...new Set(describe(slack.errors))];
}

interface CardSchema {
  ajv: Ajv;
  whole: ValidateFunction;
  definitions: Record<string, Schema>;
}
let cards: CardSchema | undefined;

function cardSchema(): CardSchema {
  if (!cards) {
    const schema = load('adaptive-card-1.5.json');
    // A draft-04 style top-level "id" that Ajv 8 refuses; every $ref in the file is local.
    delete schema.id;
    schema.$id = 'adaptive-card-1.5';
    const ajv = new Ajv({ allErrors: true, strict: false });
    ajv.addMetaSchema(draft06);
    addFormats(ajv);
    ajv.addSchema(schema);
    cards = { ajv, whole: ajv.getSchema('adaptive-card-1.5')!, definitions: schema.definitions };
  }
  return cards;
}

const versionNumber = (v: string): number => {
  const [major, minor] = v.split('.').map(Number);
  return major * 100 + (minor ?? 0);
};

/** A definition's properties with the version each needs, following its allOf refs (Extendable.*). */
function propertyVersions(definitions: Record<string, Schema>, name: string, seen = new Set<string>()): Map<string, string | undefined> {
  const out = new Map<string, string | undefined>();
  const definition = definitions[name];
  if (!definition || seen.has(name)) return out;
  seen.add(name);
  for (const part of definition.allOf ?? []) {
    const ref = typeof part.$ref === 'string' ? part.$ref.replace('#/definitions/', '') : undefined;
    if (ref) for (const [k, v] of propertyVersions(definitions, ref, seen)) out.set(k, v);
  }
  for (const [k, v] of Object.entries((definition.properties ?? {}) as Record<string, Schema>)) if (v.version !== undefined || !out.has(k)) out.set(k, v.version);
  return out;
}

/**
 * Errors of an Adaptive Card against the 1.5 schema: the card as a whole, each element against
 * its own definition (so a bad property is reported where it is), and every element and property
 * used against the card's declared version.
 */
export function adaptiveCardErrors(card: Schema): string[] {
  const { ajv, whole, definitions } = cardSchema();
  const errors: string[] = [];
  const version = typeof card.version === 'string' ? card.version : undefined;
  if (!version) errors.push('/version missing: the top-level card must declare it');
  else if (versionNumber(version) > versionNumber('1.5')) errors.push(`/version ${version}: Teams renders up to 1.5`);
  if (!whole(card)) errors.push(...describe(whole.errors));
  const walk = (node: unknown, path: string): void => {
    if (Array.isArray(node)) return node.forEach((n, i) => walk(n, `${path}/${i}`));
    if (!node || typeof node !== 'object') return;
    const element = node as Schema;
    const type = typeof element.type === 'string' ? element.type : undefined;
    if (type && definitions[type] && path !== '') {
      const validate = ajv.getSchema(`adaptive-card-1.5#/definitions/${type}`)!;
      if (!validate(element)) errors.push(...describe(validate.errors, `${path} (${type})`));
    }
    if (type && definitions[type] && version) {
      const needs = definitions[type].version as string | undefined;
      if (needs && versionNumber(needs) > versionNumber(version)) errors.push(`${path || '/'} ${type} needs version ${needs}, the card declares ${version}`);
      const properties = propertyVersions(definitions, type);
      for (const key of Object.keys(element)) {
        const v = properties.get(key);
        if (v && versionNumber(v) > versionNumber(version)) errors.push(`${path}/${key} needs version ${v}, the card declares ${version}`);
      }
    }
    // "data" of an action is the bot's own payload, not card elements.
    for (const [key, value] of Object.entries(element)) if (key !== 'data') walk(value, `${path}/${key}`);
  };
  walk(card, '');
  return [...new Set(errors)];
}
