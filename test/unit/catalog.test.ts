import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { catalogLanguages, compileMessage, englishTemplate, interpolate, messageIds, ownMessages, registerCatalog, translator } from '../../src/conversation/catalog/catalog';
import { commandAliases } from '../../src/conversation/understanding/words';

describe('message catalog', () => {
  it('fills parameters and leaves unknown placeholders visible', () => {
    expect(interpolate('Hello {name}, {missing}', { name: 'Ada' })).toBe('Hello Ada, {missing}');
  });

  it('every English message is valid ICU MessageFormat', () => {
    const broken = messageIds().filter((id) => {
      try {
        compileMessage(englishTemplate(id));
        return false;
      } catch {
        return true;
      }
    });
    expect(broken).toEqual([]);
  });

  it('chooses plural forms by the language\'s rules and leaves numbers given as they are', () => {
    registerCatalog('xx-test', {});
    const template = '{count, plural, one {# member} other {# members}} in pledge #{number}';
    expect(compileMessage(template, 'en').format({ count: 1, number: 12345 })).toBe('1 member in pledge #12345');
    expect(compileMessage(template, 'en').format({ count: 22, number: 7 })).toBe('22 members in pledge #7');
    expect(compileMessage('{n, plural, one {# عضو} two {عضوان} few {# أعضاء} other {# عضوًا}}', 'ar').format({ n: 2 })).toBe('عضوان');
    expect(translator('en')('flow.cancelled', { unused: 1 })).toBe(translator('en')('flow.cancelled'));
  });

  it('falls back to English per key for a partial translation', () => {
    registerCatalog('fr', { 'flow.cancelled': 'Annulé. Rien n’a été enregistré.' });
    const t = translator('fr-CH');
    expect(t('flow.cancelled')).toBe('Annulé. Rien n’a été enregistré.');
    expect(t('flow.cannot_skip')).toBe("This question can't be skipped.");
  });

  it('gives a message without braces or apostrophes as intl-messageformat formats it', () => {
    let plain = 0;
    for (const language of catalogLanguages()) {
      const t = translator(language);
      for (const id of messageIds()) {
        const template = ownMessages(language)[id] ?? englishTemplate(id);
        if (/[{}']/.test(template)) continue;
        plain++;
        expect([id, t(id, { unused: 'x' })]).toEqual([id, String(compileMessage(template, language).format())]);
      }
    }
    expect(plain).toBeGreaterThan(100);
  });

  it('a language registered again is spoken by the next translator, and word lists follow it', () => {
    registerCatalog('xy', { 'flow.cancelled': 'first', 'words.command.help': 'hilfe' });
    const before = translator('xy');
    expect(before('flow.cancelled')).toBe('first');
    expect(commandAliases(before).get('hilfe')).toBe('help');
    registerCatalog('xy', { 'flow.cancelled': 'second', 'words.command.help': 'hulp' });
    const after = translator('xy-ZZ');
    expect(after('flow.cancelled')).toBe('second');
    expect(commandAliases(after).get('hulp')).toBe('help');
    expect(commandAliases(after).has('hilfe')).toBe(false);
  });

  it('no id is defined in two catalog files', () => {
    const dir = join(__dirname, '../../src/conversation/catalog/en');
    const seen = new Map<string, string>();
    const clashes: string[] = [];
    for (const file of readdirSync(dir)) {
      for (const id of Object.keys(JSON.parse(readFileSync(join(dir, file), 'utf8')))) {
        if (seen.has(id)) clashes.push(`${id} in ${seen.get(id)} and ${file}`);
        seen.set(id, file);
      }
    }
    expect(clashes).toEqual([]);
    expect(seen.size).toBe(messageIds().length); // every file is loaded by catalog.ts
  });

  it('every id used in the sources exists (literal t("...") calls)', () => {
    const roots = ['src', 'adapters'].map((d) => join(__dirname, '../..', d));
    const files: string[] = [];
    const walk = (dir: string) =>
      readdirSync(dir, { withFileTypes: true }).forEach((e) => (e.isDirectory() ? walk(join(dir, e.name)) : e.name.endsWith('.ts') && files.push(join(dir, e.name))));
    roots.forEach(walk);
    const ids = new Set<string>(messageIds());
    const unknown = files.flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/\bt\('([a-z_.]+)'/g)].map((m) => m[1]).filter((id) => !ids.has(id)));
    expect(unknown).toEqual([]);
  });
});
