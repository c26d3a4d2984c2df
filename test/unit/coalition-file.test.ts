import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { category, coalitionIn, coalitionLanguage, focusArea, pledgeType, workingGroups } from '../../src/core/coalition/coalition';
import { CoalitionFileError, defaultCoalitionFile, loadCoalitionFile } from '../../src/data/coalition-file';
import { projectFile } from '../../src/paths';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'coalition-file-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeTemp(name: string, content: string): string {
  const file = join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** The shipped file as a plain object, to break in one place per test. */
function shipped(): Record<string, any> {
  return parse(readFileSync(defaultCoalitionFile, 'utf8'));
}

function loadError(file: string): CoalitionFileError {
  try {
    loadCoalitionFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(CoalitionFileError);
    return error as CoalitionFileError;
  }
  throw new Error(`${file} loaded without error`);
}

describe('the shipped P2C coalition file', () => {
  const coalition = loadCoalitionFile(defaultCoalitionFile);

  it('is found by an absolute path in src/data', () => {
    expect(isAbsolute(defaultCoalitionFile)).toBe(true);
    expect(defaultCoalitionFile.replace(/\\/g, '/')).toMatch(/\/src\/data\/coalitions\/p2c\.yaml$/);
  });

  it('loads with its focus areas, categories and criteria', () => {
    expect(coalition.id).toBe('p2c');
    expect(coalition.name).toBe('Partner2Connect Digital Coalition');
    expect(coalition.slashCommand).toBe('/p2c');
    expect(coalition.botName).toBe('P2C Bot');
    expect(coalition.defaultTimeZone).toBe('Europe/Zurich');
    expect(coalition.focusAreas.map((a) => a.key)).toEqual(['access', 'adoption', 'value_creation', 'accelerate']);
    expect(coalition.stakeholderCategories).toHaveLength(6);
    expect(coalition.joiningCriteria.map((c) => c.key)).toEqual(['commitment_evidence', 'pledge_readiness', 'roundtable', 'action_framework']);
    expect(coalition.pledgeTypes.filter((t) => t.valueRequired).map((t) => t.key)).toEqual(['financial']);
    expect(coalition.beneficiaryGroups).toHaveLength(9);
    expect(coalition.digest).toEqual({ cron: '0 9 * * 1', periodDays: 7 });
    expect(coalition.reminders.offsetsMinutes).toEqual([1440, 60]);
    expect(coalition.pledgeCheckIn).toEqual({ intervalMonths: 12, reaskAfterDays: 14 });
    expect(coalition.flows.abandonedAfterDays).toBe(7);
  });

  it('has one working group per focus area, keyed like it', () => {
    expect(workingGroups(coalition).map((g) => [g.key, g.name])).toEqual([
      ['access', 'Access Working Group'],
      ['adoption', 'Adoption Working Group'],
      ['value_creation', 'Value Creation Working Group'],
      ['accelerate', 'Accelerate Working Group'],
    ]);
  });

  it('looks items up by key', () => {
    expect(focusArea(coalition, 'value_creation')?.purpose).toBe('Building digital ecosystems');
    expect(category(coalition, 'un_agency')?.description).toMatch(/multilateral development banks/);
    expect(pledgeType(coalition, 'financial')?.valueRequired).toBe(true);
    expect(focusArea(coalition, 'nope')).toBeUndefined();
  });

  it('loads the same from JSON', () => {
    const file = writeTemp('p2c.json', JSON.stringify(shipped(), null, 2));
    expect(loadCoalitionFile(file)).toEqual(coalition);
  });
});

describe('an invalid coalition file', () => {
  it('lists every problem with its path and what was found', () => {
    const data = shipped();
    delete data.name;
    data.defaultTimeZone = 'Mars/Olympus_Mons';
    data.focusAreas[2].key = 'access';
    data.reminders.offsetsMinutes = [1440, -60];
    const file = writeTemp('broken.yaml', stringify(data));

    const error = loadError(file);

    expect(error.problems).toEqual([
      { path: 'name', expected: expect.stringMatching(/^a non-empty text, or one text per language/), found: 'missing' },
      { path: 'defaultTimeZone', expected: expect.stringMatching(/IANA time zone/), found: '"Mars/Olympus_Mons"' },
      { path: 'focusAreas[2].key', expected: expect.stringMatching(/unique key.*focusAreas\[0\]/), found: '"access"' },
      { path: 'reminders.offsetsMinutes[1]', expected: expect.stringMatching(/greater than 0/), found: '-60' },
    ]);
    expect(error.message).toContain(`Coalition file ${file} is invalid:\n  - name: expected a non-empty text, or one text per language such as { en: ..., fr: ... }, found missing`);
    expect(error.message).toContain('\n  - reminders.offsetsMinutes[1]: expected a whole number greater than 0, found -60');
    expect(error.message.split('\n')).toHaveLength(5);
  });

  it('reports a duplicate key even when another item of the list is invalid', () => {
    const data = shipped();
    delete data.stakeholderCategories[0].name;
    data.stakeholderCategories[5].key = 'academia';
    const error = loadError(writeTemp('duplicate.yaml', stringify(data)));
    expect(error.problems.map((p) => p.path)).toEqual(['stakeholderCategories[5].key', 'stakeholderCategories[0].name']);
  });

  it('names unknown fields, bad keys and bad choices', () => {
    const data = shipped();
    data.focusArea = [];
    data.joiningCriteria[1].kind = 'boolean';
    data.pledgeTypes[0].key = 'Programmatic';
    data.digest.cron = '9am';
    const error = loadError(writeTemp('typos.yaml', stringify(data)));
    expect(error.problems).toEqual(
      expect.arrayContaining([
        { path: 'focusArea', expected: expect.stringMatching(/known field/), found: '[]' },
        { path: 'joiningCriteria[1].kind', expected: 'one of "yes-no", "text"', found: '"boolean"' },
        { path: 'pledgeTypes[0].key', expected: expect.stringMatching(/lowercase/), found: '"Programmatic"' },
        { path: 'digest.cron', expected: expect.stringMatching(/cron expression/), found: '"9am"' },
      ]),
    );
  });

  it('refuses a digest schedule that never fires, saying why', () => {
    const data = shipped();
    data.digest.cron = '0 9 31 2 *';
    expect(loadError(writeTemp('never.yaml', stringify(data))).problems).toEqual([
      { path: 'digest.cron', expected: expect.stringMatching(/never fires/), found: '"0 9 31 2 *"' },
    ]);
  });

  it('needs at least one focus area, category and pledge type', () => {
    const data = { ...shipped(), focusAreas: [], stakeholderCategories: [], pledgeTypes: [] };
    const error = loadError(writeTemp('empty-lists.json', JSON.stringify(data)));
    expect(error.problems.map((p) => [p.path, p.found])).toEqual([
      ['focusAreas', '[]'],
      ['stakeholderCategories', '[]'],
      ['pledgeTypes', '[]'],
    ]);
  });

  it('refuses names an import would read as two things in two languages, naming both (after the import\'s folding of case and accents)', () => {
    const data = shipped();
    // French "Politique" for advocacy: the French name of policy.
    data.pledgeTypes[1].name.fr = 'POLITIQUE';
    // A Spanish category named as another's key.
    data.stakeholderCategories[1].name.es = 'civil society';
    // An Arabic pillar of Access named as the Arabic name of another pillar of Access, with a short vowel.
    data.focusAreas[0].pillars = [
      { key: 'towers', name: { en: 'Towers', fr: 'Tours', es: 'Torres', ar: 'الأبراج' } },
      { key: 'cables', name: { en: 'Cables', fr: 'Câbles', es: 'Cables', ar: 'الأبْراج' } },
    ];
    const error = loadError(writeTemp('clash.yaml', stringify(data)));
    expect(error.problems).toEqual([
      { path: 'stakeholderCategories[1].name', expected: 'names that say one thing in every language ("civil society" names civil_society (key, en) and ' + data.stakeholderCategories[1].key + ' (es))', found: expect.any(String) },
      { path: 'pledgeTypes[2].name', expected: 'names that say one thing in every language ("politique" names advocacy (fr) and policy (fr))', found: expect.any(String) },
      { path: 'focusAreas[0].pillars[1].name', expected: 'names that say one thing in every language ("الابراج" names towers (ar) and cables (ar))', found: expect.any(String) },
    ]);
    expect(error.message).toContain('pledgeTypes[2].name: expected names that say one thing in every language ("politique" names advocacy (fr) and policy (fr))');
  });

  it('reports a YAML syntax error with its line', () => {
    // An unquoted colon in a value: a common slip when writing a purpose or a question.
    const text = 'id: p2c\nname: P2C: the Digital Coalition\nshortName: P2C\n';
    const error = loadError(writeTemp('syntax.yaml', text));
    expect(error.problems.length).toBeGreaterThan(0);
    expect(error.problems[0]).toEqual({ line: 2, path: 'line 2, column 7', expected: 'valid YAML', found: 'Nested mappings are not allowed in compact mappings' });
    expect(error.message).toMatch(/syntax\.yaml is invalid:\n {2}- line 2, column 7: expected valid YAML, found Nested mappings/);
  });

  it('reports a YAML key given twice', () => {
    const error = loadError(writeTemp('twice.yaml', 'id: p2c\nid: other\n'));
    expect(error.problems).toEqual([expect.objectContaining({ line: 2, found: expect.stringMatching(/unique/) })]);
  });

  it('reports a JSON syntax error', () => {
    const error = loadError(writeTemp('syntax.json', '{"id": "p2c",\n "name": }'));
    expect(error.problems).toEqual([expect.objectContaining({ expected: 'valid JSON' })]);
  });

  it('reports a missing file and an unknown extension', () => {
    expect(loadError(join(dir, 'absent.yaml')).problems).toEqual([expect.objectContaining({ path: '(file)', expected: 'a readable file' })]);
    expect(loadError(writeTemp('coalition.toml', 'id = "p2c"')).problems).toEqual([
      { path: '(file)', expected: 'a .yaml, .yml or .json file', found: 'a .toml file' },
    ]);
  });

  it('reports a file that is not a mapping', () => {
    expect(loadError(writeTemp('list.yml', '- p2c\n')).problems).toEqual([{ path: '(top level)', expected: 'object', found: '["p2c"]' }]);
  });
});

describe('texts in several languages', () => {
  /** The shipped file with its texts as maps in English and French, except where `drop` says. */
  function bilingual(): Record<string, any> {
    const data = shipped();
    // The shipped texts may already be maps of every language: keep their English only.
    const english = (value: any): string | undefined => (typeof value === 'string' ? value : value?.en);
    const both = (value: unknown) => (english(value) === undefined ? value : { en: english(value), fr: `FR ${english(value)}` });
    data.name = both(data.name);
    for (const area of data.focusAreas) {
      area.name = both(area.name);
      area.purpose = both(area.purpose);
      area.workingGroup.name = both(area.workingGroup.name);
    }
    for (const c of data.stakeholderCategories) {
      c.name = both(c.name);
      if (c.description) c.description = both(c.description);
    }
    for (const c of data.joiningCriteria) c.question = both(c.question);
    for (const p of data.pledgeTypes) p.name = both(p.name);
    for (const g of data.beneficiaryGroups) g.name = both(g.name);
    data.languages = ['en', 'fr'];
    return data;
  }

  it('gives every text in each language of the file, the default language by default', () => {
    const coalition = loadCoalitionFile(writeTemp('bilingual.yaml', stringify(bilingual())));
    expect(coalition.languages).toEqual(['en', 'fr']);
    expect(coalition.name).toBe(shipped().name.en ?? shipped().name);
    const fr = coalitionIn(coalition, 'fr');
    expect(fr.name).toMatch(/^FR /);
    expect(focusArea(fr, 'access')?.purpose).toMatch(/^FR /);
    expect(workingGroups(fr)[0]!.name).toMatch(/^FR /);
    expect(fr.joiningCriteria.every((c) => c.question.startsWith('FR '))).toBe(true);
    // A regional tag finds its language; a language the file lacks gets the default language.
    expect(coalitionIn(coalition, 'fr-SN')).toBe(fr);
    expect(coalitionIn(coalition, 'de-DE')).toBe(coalition);
    expect(coalitionLanguage(coalition, 'FR-sn')).toBe('fr');
    expect(coalitionLanguage(coalition, 'es')).toBeUndefined();
    // Keys, numbers and names that are not texts are the same in every language.
    expect(fr.focusAreas.map((a) => a.key)).toEqual(coalition.focusAreas.map((a) => a.key));
    expect(fr.slashCommand).toBe('/p2c');
  });

  it('refuses a text that lacks one of the languages, naming the text and the language', () => {
    const data = bilingual();
    delete data.focusAreas[1].purpose.fr;
    data.pledgeTypes[3].name = 'Financial';
    data.beneficiaryGroups[0].name.es = 'Mujeres y niñas';
    const error = loadError(writeTemp('missing-fr.yaml', stringify(data)));
    expect(error.problems).toEqual([
      { path: 'focusAreas[1].purpose.fr', expected: expect.stringMatching(/^a text in fr \(every text has every language of en, fr, or the file declares a fallback for fr\)/), found: 'missing' },
      { path: 'pledgeTypes[3].name.fr', expected: expect.stringMatching(/^a text in fr/), found: 'missing' },
      { path: 'beneficiaryGroups[0].name.es', expected: expect.stringMatching(/a language of the file \(languages: en, fr\)/), found: '"Mujeres y niñas"' },
    ]);
  });

  it('takes a declared fallback for a missing text', () => {
    const data = bilingual();
    delete data.focusAreas[1].purpose.fr;
    data.fallbacks = { fr: 'en' };
    const coalition = loadCoalitionFile(writeTemp('fallback.yaml', stringify(data)));
    const fr = coalitionIn(coalition, 'fr');
    expect(fr.focusAreas[1]!.purpose).toBe(coalition.focusAreas[1]!.purpose);
    expect(fr.focusAreas[0]!.purpose).toMatch(/^FR /);
  });

  it('refuses languages without the default language, empty texts and fallbacks to unknown languages', () => {
    const data = bilingual();
    data.languages = ['fr'];
    data.fallbacks = { fr: 'es' };
    const paths = loadError(writeTemp('bad-languages.yaml', stringify(data))).problems.map((p) => [p.path, p.expected]);
    expect(paths).toEqual(
      expect.arrayContaining([
        ['languages', 'a list that includes the defaultLocale "en"'],
        ['fallbacks.fr', expect.stringMatching(/^a fallback between two different languages/)],
      ]),
    );
    const blank = bilingual();
    blank.stakeholderCategories[0].name.fr = '  ';
    expect(loadError(writeTemp('blank.yaml', stringify(blank))).problems).toEqual([{ path: 'stakeholderCategories[0].name.fr', expected: 'a non-empty text', found: '"  "' }]);
  });

  it('the shipped file is written in English, French, Spanish and Arabic, every text in each', () => {
    const coalition = loadCoalitionFile(defaultCoalitionFile);
    expect(coalition.languages).toEqual(['en', 'fr', 'es', 'ar']);
    expect(shipped().fallbacks).toBeUndefined();
    for (const language of ['fr', 'es', 'ar']) {
      const other = coalitionIn(coalition, language);
      expect(other.name).not.toBe(coalition.name);
      other.focusAreas.forEach((area, i) => expect(area.purpose).not.toBe(coalition.focusAreas[i]!.purpose));
    }
  });
});

describe('projectFile', () => {
  it('finds data files from dist/, even when dist/ has a package.json', () => {
    const root = join(dir, 'project');
    mkdirSync(join(root, 'src/data/coalitions'), { recursive: true });
    mkdirSync(join(root, 'dist/src/data'), { recursive: true });
    writeFileSync(join(root, 'package.json'), '{}');
    writeFileSync(join(root, 'dist/package.json'), '{}');
    writeFileSync(join(root, 'src/data/coalitions/p2c.yaml'), 'id: p2c\n');

    expect(projectFile('src/data/coalitions/p2c.yaml', join(root, 'dist/src/data'))).toBe(join(root, 'src/data/coalitions/p2c.yaml'));
    expect(projectFile('src/data/absent.csv', join(root, 'dist/src/data'))).toBe(join(root, 'dist/src/data/absent.csv'));
  });
});
