// An export as its reader gets it: the header row from the catalog (export.column.*) and the
// coded cells (category, focus area, working group, pillar, pledge type, beneficiaries, pledge
// status, RSVP) as their names in the reader's language, both read back by the import. Ids,
// numbers, countries (ISO codes), SDG numbers and ISO 8601 dates are written as stored.
// A language whose catalog names the columns by their machine names (English) writes keys too:
// the file integrations have always read. `machine` gives that file in any language.
import { coalitionIn, type Coalition } from '../../core/coalition/coalition';
import type { Cell, Table } from '../../core/exports/csv';
import { CODED_COLUMNS, type CodedValue, type ExportKind, type HeaderStyle } from '../../core/exports/export-ports';
import type { SheetWords } from '../../core/imports/import-ports';
import { PLEDGE_STATUSES } from '../../core/pledges/pledge-ports';
import { catalogLanguages, isMessageId, translator, type Translate } from '../catalog/catalog';
import { RSVP_RESPONSES } from '../meetings/reminder-message';
import { amountWords } from '../understanding/words';

/** The header the catalog of `language` gives a column, or its machine name when it has none. */
function columnWord(t: Translate, column: string): string {
  const id = `export.column.${column}`;
  return isMessageId(id) ? t(id) : column;
}

/** Whether `language` names every column of `table` by its machine name (then its coded cells stay keys). */
const namesAreMachineNames = (t: Translate, header: readonly string[]) => header.every((column) => columnWord(t, column) === column);

function valueWriter(coalition: Coalition, t: Translate): (coded: CodedValue, key: string) => string {
  const pillars = coalition.focusAreas.flatMap((a) => a.pillars ?? []);
  const nameOf = (items: readonly { key: string; name: string }[], key: string) => items.find((i) => i.key === key)?.name ?? key;
  return (coded, key) => {
    switch (coded) {
      case 'category':
        return nameOf(coalition.stakeholderCategories, key);
      case 'focusArea':
        return nameOf(coalition.focusAreas, key);
      case 'group':
        return coalition.focusAreas.find((a) => a.key === key)?.workingGroup.name ?? key;
      case 'pillar':
        return nameOf(pillars, key);
      case 'pledgeType':
        return nameOf(coalition.pledgeTypes, key);
      case 'beneficiaries':
        return key
          .split(';')
          .filter(Boolean)
          .map((k) => nameOf(coalition.beneficiaryGroups, k))
          .join('; ');
      case 'pledgeStatus':
        return (PLEDGE_STATUSES as readonly string[]).includes(key) ? t(`pledge.status.${key as (typeof PLEDGE_STATUSES)[number]}`) : key;
      case 'rsvp':
        return (RSVP_RESPONSES as readonly string[]).includes(key) ? t(`rsvp.${key as (typeof RSVP_RESPONSES)[number]}`) : key;
    }
  };
}

/** `table` (machine names, keys) as the reader of `language` gets it; `machine` leaves it as it is. */
export function exportSheet(kind: ExportKind, table: Table, coalition: Coalition, language: string, style: HeaderStyle): Table {
  const t = translator(language);
  if (style === 'machine' || namesAreMachineNames(t, table.header)) return table;
  const write = valueWriter(coalitionIn(coalition, language), t);
  const coded = table.header.map((column) => CODED_COLUMNS[kind][column]);
  return {
    header: table.header.map((column) => columnWord(t, column)),
    rows: table.rows.map((row) => row.map((cell: Cell, i) => (coded[i] && typeof cell === 'string' && cell !== '' ? write(coded[i], cell) : cell))),
  };
}

/** What the exports write in every catalog language, for the import to read back; amounts in `first`'s words first. */
export function exportWords(first?: string): SheetWords {
  const pledgeStatuses = Object.fromEntries(PLEDGE_STATUSES.map((s) => [s, []])) as unknown as SheetWords['pledgeStatuses'];
  const headers = catalogLanguages().map((language) => {
    const t = translator(language);
    for (const status of PLEDGE_STATUSES) pledgeStatuses[status].push({ language, word: t(`pledge.status.${status}`) });
    return { language, word: (column: string) => columnWord(t, column) };
  });
  const languages = [...catalogLanguages()].sort((a, b) => Number(b === first) - Number(a === first));
  const amounts = languages.map((language) => ({ language, words: { ...amountWords(translator(language)), decimal: decimalMark(language) } }));
  return { headers, pledgeStatuses, amounts };
}

/** The mark a language writes before decimals (`Intl.NumberFormat`): a comma in French and Spanish. */
function decimalMark(language: string): ',' | '.' {
  return new Intl.NumberFormat(language).formatToParts(1.5).find((part) => part.type === 'decimal')?.value === ',' ? ',' : '.';
}
