// The dashboard's HTML: the page shell (its script draws the charts), the sign-in page and
// short message pages. No inline script or style: the strict CSP forbids them.
import type { Translate } from '../../conversation/catalog/catalog';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function document(title: string, body: string, scripts: string[] = []): string {
  return [
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '<link rel="icon" href="data:,">',
    '<link rel="stylesheet" href="/dashboard/assets/dashboard.css">',
    ...scripts.map((src) => `<script src="${src}" defer></script>`),
    '</head><body>',
    body,
    '</body></html>',
  ].join('\n');
}

export function messagePage(title: string, text: string): string {
  return document(title, `<main class="message"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(text)}</p></main>`);
}

export function signInPage(coalition: string, token: string, t: Translate): string {
  const title = t('dashboard.signin.title', { coalition });
  return document(
    title,
    `<main class="message"><h1>${escapeHtml(title)}</h1><p>${escapeHtml(t('dashboard.signin.text'))}</p>
<form method="post" action="/dashboard/signin"><input type="hidden" name="token" value="${escapeHtml(token)}"><button type="submit" id="sign-in">${escapeHtml(t('dashboard.signin.button'))}</button></form></main>`,
  );
}

export interface ShellOptions {
  coalition: string;
  memberName: string;
  scopeText: string;
  areas: { key: string; name: string }[];
  /** More than one area: the focus area filter offers them all. */
  t: Translate;
}

export function dashboardPage(o: ShellOptions): string {
  const { t } = o;
  const e = escapeHtml;
  // Sentences the script needs, handed over as data attributes (no inline script).
  const texts = {
    loading: t('dashboard.loading'),
    failed: t('dashboard.load_failed', { status: '{status}' }),
    empty: t('dashboard.no_data'),
    chart: t('dashboard.view.chart'),
    table: t('dashboard.view.table'),
    csv: t('dashboard.csv'),
  };
  const sections = (['pledges', 'groups', 'meetings'] as const)
    .map((s) => `<section class="section" aria-labelledby="h-${s}"><h2 id="h-${s}">${e(t(`dashboard.section.${s}`))}</h2><div class="cards" id="section-${s}"></div></section>`)
    .join('\n');
  const options = [`<option value="">${e(t('dashboard.filter.all_areas'))}</option>`, ...o.areas.map((a) => `<option value="${e(a.key)}">${e(a.name)}</option>`)].join('');
  return document(
    t('dashboard.title', { coalition: o.coalition }),
    `<header class="top"><div><h1>${e(t('dashboard.title', { coalition: o.coalition }))}</h1><p class="who">${e(t('dashboard.signed_in_as', { name: o.memberName }))} · ${e(o.scopeText)}</p></div>
<form method="post" action="/dashboard/signout"><button type="submit" class="quiet">${e(t('dashboard.sign_out'))}</button></form></header>
<form id="filters" class="filters" aria-label="${e(t('dashboard.filters'))}">
<label>${e(t('dashboard.filter.from'))} <input type="month" name="from" id="filter-from" min="2000-01" max="2100-12" placeholder="YYYY-MM"></label>
<label>${e(t('dashboard.filter.to'))} <input type="month" name="to" id="filter-to" min="2000-01" max="2100-12" placeholder="YYYY-MM"></label>
<label>${e(t('dashboard.filter.area'))} <select name="area" id="filter-area"${o.areas.length > 1 ? '' : ' disabled'}>${options}</select></label>
<button type="submit" id="filter-apply">${e(t('dashboard.filter.apply'))}</button>
<button type="reset" id="filter-clear" class="quiet">${e(t('dashboard.filter.clear'))}</button>
</form>
<p id="status" role="status" aria-live="polite"></p>
<main id="dashboard" data-texts="${e(JSON.stringify(texts))}">
${sections}
</main>`,
    ['/dashboard/assets/echarts.min.js', '/dashboard/assets/dashboard.js'],
  );
}
