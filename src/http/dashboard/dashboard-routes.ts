// The dashboard under /dashboard: sign-in by one-time link, a session cookie checked with the
// member's roles on every request, the page and its assets, the figures as JSON and each
// chart's table as CSV. Every answer carries a strict CSP and is never cached.
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../../core/clock';
import { coalitionIn, type Coalition } from '../../core/coalition/coalition';
import type { CountryRegistry } from '../../core/countries/country-registry';
import { DASHBOARD_LINK_LIFETIME_MS, dashboardScope, sessionOpen, type DashboardScope } from '../../core/dashboard/dashboard-access';
import { buildDashboard, UPCOMING_DAYS } from '../../core/dashboard/dashboard-figures';
import { isFilterProblem, readFilter, type DashboardFilter } from '../../core/dashboard/dashboard-filter';
import type { DashboardData, DashboardSessions } from '../../core/dashboard/dashboard-ports';
import { toCsv } from '../../core/exports/csv';
import type { Member, MemberRepository, RoleRepository } from '../../core/ports';
import { translator, type Translate } from '../../conversation/catalog/catalog';
import { projectFile } from '../../paths';
import { HttpError, readBody, sendJson, type HttpServer } from '../server';
import { clearedCookie, isToken, newToken, sameOrigin, sessionCookie, sessionToken, tokenHash } from './dashboard-auth';
import { dashboardCharts, type Chart } from './dashboard-charts';
import { dashboardPage, messagePage, signInPage } from './dashboard-pages';

export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** A session's last use is written at most this often (every request still checks it). */
const TOUCH_EVERY_MS = 60_000;

export interface DashboardDeps {
  sessions: DashboardSessions;
  data: DashboardData;
  members: MemberRepository;
  roles: RoleRepository;
  coalition: Coalition;
  countries: CountryRegistry;
  clock: Clock;
  timeZone: string;
  /** The bot's public base URL (links are built on it); https makes the cookie Secure. */
  baseUrl: () => string;
}

interface Viewer {
  member: Member;
  scope: DashboardScope;
  t: Translate;
}

type Refusal = { status: 401 | 403; message: 'dashboard.signed_out' | 'dashboard.no_role' };

function secureHeaders(res: ServerResponse): void {
  res.setHeader('content-security-policy', DASHBOARD_CSP);
  res.setHeader('x-frame-options', 'DENY');
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('referrer-policy', 'no-referrer');
  res.setHeader('cache-control', 'no-store');
}

function sendHtml(res: ServerResponse, status: number, html: string): void {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

export class Dashboard {
  private readonly groupKeys: string[];
  private readonly assets = new Map<string, { type: string; body: Buffer }>();

  constructor(private readonly deps: DashboardDeps) {
    this.groupKeys = deps.coalition.focusAreas.map((a) => a.key);
  }

  private get secure(): boolean {
    return this.deps.baseUrl().startsWith('https:');
  }

  /** Stores a one-time link for the member and returns its URL (what `dashboard` answers). */
  async signInLink(memberId: string, now: Date): Promise<string> {
    const token = newToken();
    await this.deps.sessions.createLink(tokenHash(token), memberId, new Date(now.getTime() + DASHBOARD_LINK_LIFETIME_MS));
    return `${this.deps.baseUrl().replace(/\/$/, '')}/dashboard/signin?token=${token}`;
  }

  register(server: HttpServer): void {
    server.route('GET', '/dashboard', (req, res) => this.page(req, res));
    server.route('GET', '/dashboard/signin', (req, res) => this.signInForm(req, res));
    server.route('POST', '/dashboard/signin', (req, res) => this.signIn(req, res));
    server.route('POST', '/dashboard/signout', (req, res) => this.signOut(req, res));
    server.route('GET', '/dashboard/data', (req, res) => this.figures(req, res));
    server.routePrefix('GET', '/dashboard/data/', (req, res) => this.csv(req, res));
    server.routePrefix('GET', '/dashboard/assets/', (req, res) => this.asset(req, res));
  }

  /** The viewer behind the request's session, checked now: idle too long or no role any more ends it. */
  private async viewer(req: IncomingMessage): Promise<Viewer | Refusal> {
    const token = sessionToken(req);
    if (!token) return { status: 401, message: 'dashboard.signed_out' };
    const hash = tokenHash(token);
    const session = await this.deps.sessions.session(hash);
    const now = this.deps.clock.now();
    if (!session) return { status: 401, message: 'dashboard.signed_out' };
    if (!sessionOpen(session.lastSeenAt, now)) {
      await this.deps.sessions.end(hash);
      return { status: 401, message: 'dashboard.signed_out' };
    }
    const [member, roles] = await Promise.all([this.deps.members.get(session.memberId), this.deps.roles.rolesOf(session.memberId)]);
    const scope = member ? dashboardScope(roles, this.groupKeys) : null;
    if (!member || !scope) {
      await this.deps.sessions.end(hash);
      return { status: 403, message: 'dashboard.no_role' };
    }
    if (now.getTime() - session.lastSeenAt.getTime() >= TOUCH_EVERY_MS) await this.deps.sessions.touch(hash, now);
    return { member, scope, t: translator(member.locale) };
  }

  private refuse(res: ServerResponse, refusal: Refusal, html: boolean): void {
    const t = translator(this.deps.coalition.defaultLocale);
    if (refusal.status === 403) res.setHeader('set-cookie', clearedCookie(this.secure));
    if (html) sendHtml(res, refusal.status, messagePage(t('dashboard.title', { coalition: this.deps.coalition.name }), t(refusal.message)));
    else sendJson(res, refusal.status, { error: t(refusal.message) });
  }

  private async page(req: IncomingMessage, res: ServerResponse): Promise<void> {
    secureHeaders(res);
    const viewer = await this.viewer(req);
    if ('status' in viewer) return this.refuse(res, viewer, true);
    const { t, scope, member } = viewer;
    const coalition = coalitionIn(this.deps.coalition, member.locale);
    const areas = coalition.focusAreas.filter((a) => scope.groups.includes(a.key)).map((a) => ({ key: a.key, name: a.name }));
    const scopeText = scope.secretariat ? t('dashboard.scope.all') : t('dashboard.scope.chair', { groups: areas.map((a) => a.name).join(', ') });
    sendHtml(res, 200, dashboardPage({ coalition: coalition.name, memberName: member.name ?? '', scopeText, areas, t }));
  }

  private signInForm(req: IncomingMessage, res: ServerResponse): void {
    secureHeaders(res);
    const t = translator(this.deps.coalition.defaultLocale);
    const token = new URL(req.url ?? '/', 'http://local').searchParams.get('token');
    // Showing the form uses nothing up: link previews fetch pages, they do not post forms.
    if (!isToken(token)) return sendHtml(res, 403, messagePage(t('dashboard.title', { coalition: this.deps.coalition.name }), t('dashboard.signin.refused')));
    sendHtml(res, 200, signInPage(this.deps.coalition.name, token, t));
  }

  private async signIn(req: IncomingMessage, res: ServerResponse): Promise<void> {
    secureHeaders(res);
    const t = translator(this.deps.coalition.defaultLocale);
    const title = t('dashboard.title', { coalition: this.deps.coalition.name });
    if (!sameOrigin(req)) return sendHtml(res, 403, messagePage(title, t('dashboard.signin.refused')));
    const token = new URLSearchParams((await readBody(req, 1024)).toString('utf8')).get('token');
    const now = this.deps.clock.now();
    const memberId = isToken(token) ? await this.deps.sessions.consumeLink(tokenHash(token), now) : null;
    if (!memberId) return sendHtml(res, 403, messagePage(title, t('dashboard.signin.refused')));
    if (!dashboardScope(await this.deps.roles.rolesOf(memberId), this.groupKeys)) return sendHtml(res, 403, messagePage(title, t('dashboard.no_role')));
    const session = newToken();
    await this.deps.sessions.createSession(tokenHash(session), memberId, now);
    res.writeHead(303, { location: '/dashboard', 'set-cookie': sessionCookie(session, this.secure) });
    res.end();
  }

  private async signOut(req: IncomingMessage, res: ServerResponse): Promise<void> {
    secureHeaders(res);
    const token = sessionToken(req);
    if (token) await this.deps.sessions.end(tokenHash(token));
    res.writeHead(303, { location: '/dashboard', 'set-cookie': clearedCookie(this.secure) });
    res.end();
  }

  /** The charts for the query's filter, or a 400 naming the field that is wrong. */
  private async charts(viewer: Viewer, query: URLSearchParams, machine = false): Promise<{ filter: DashboardFilter; charts: Chart[] }> {
    const { t, scope, member } = viewer;
    const { data, timeZone } = this.deps;
    // Names of areas, types and countries in the viewer's language, as the rest of the page.
    const coalition = coalitionIn(this.deps.coalition, member.locale);
    const countries = this.deps.countries.inLanguage(member.locale);
    const filter = readFilter({ from: query.get('from'), to: query.get('to'), area: query.get('area') }, scope, timeZone);
    if (isFilterProblem(filter)) {
      const field = t(filter.field === 'from' ? 'dashboard.filter.from' : filter.field === 'to' ? 'dashboard.filter.to' : 'dashboard.filter.area');
      const areas = coalition.focusAreas.filter((a) => scope.groups.includes(a.key)).map((a) => a.key).join(', ');
      const id = filter.reason === 'month' ? 'dashboard.filter.month' : filter.reason === 'order' ? 'dashboard.filter.order' : 'dashboard.filter.area_unknown';
      throw new HttpError(400, t(id, { field, areas }));
    }
    const now = this.deps.clock.now();
    const groups = filter.focusAreas;
    const [sums, pledges, pledgedUsdBefore, checkIns, memberships, joins, applications, reminders, unreachableMembers, meetings] = await Promise.all([
      data.pledgeSums(filter),
      data.pledges(filter),
      filter.start ? data.pledgedUsdBefore(filter.start, groups) : Promise.resolve(0),
      data.checkIns(filter),
      data.memberships(groups),
      data.joins(groups),
      data.applications(groups),
      data.reminders(filter),
      data.unreachableMembers(groups),
      data.upcomingMeetings(groups, now, UPCOMING_DAYS),
    ]);
    const figures = buildDashboard(
      { now, timeZone, filter, sums, pledges, pledgedUsdBefore, checkIns, memberships, joins, applications, reminders, unreachableMembers, meetings },
      coalition,
      countries,
    );
    return { filter, charts: dashboardCharts(figures, { coalition, countries, t, timeZone, machine }) };
  }

  private async figures(req: IncomingMessage, res: ServerResponse): Promise<void> {
    secureHeaders(res);
    const viewer = await this.viewer(req);
    if ('status' in viewer) return this.refuse(res, viewer, false);
    const { charts, filter } = await this.charts(viewer, new URL(req.url ?? '/', 'http://local').searchParams);
    sendJson(res, 200, { filter: { start: filter.start ?? null, end: filter.end ?? null, focusAreas: filter.focusAreas }, charts });
  }

  private async csv(req: IncomingMessage, res: ServerResponse): Promise<void> {
    secureHeaders(res);
    const url = new URL(req.url ?? '/', 'http://local');
    const match = /^\/dashboard\/data\/([a-z-]{1,40})\.csv$/.exec(url.pathname);
    if (!match) throw new HttpError(404, 'no such chart');
    const viewer = await this.viewer(req);
    if ('status' in viewer) return this.refuse(res, viewer, false);
    // The page's language by default; `?headers=machine`: machine names and keys, the same in every language.
    const headers = url.searchParams.get('headers');
    if (headers !== null && headers !== 'machine') throw new HttpError(400, viewer.t('dashboard.csv.headers_unknown', { input: headers.slice(0, 40) }));
    const chart = (await this.charts(viewer, url.searchParams, headers === 'machine')).charts.find((c) => c.id === match[1]);
    if (!chart) throw new HttpError(404, 'no such chart');
    const day = this.deps.clock.now().toISOString().slice(0, 10);
    res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${chart.id}-${day}.csv"` });
    res.end(toCsv({ header: chart.columns, rows: chart.rows }));
  }

  private asset(req: IncomingMessage, res: ServerResponse): void {
    secureHeaders(res);
    const name = (req.url ?? '').split('?')[0].slice('/dashboard/assets/'.length);
    const file = this.loadAsset(name);
    if (!file) throw new HttpError(404, 'no such file');
    res.writeHead(200, { 'content-type': file.type, 'content-length': file.body.length, 'cache-control': 'private, max-age=3600' });
    res.end(file.body);
  }

  private loadAsset(name: string): { type: string; body: Buffer } | undefined {
    const known: Record<string, { path: () => string; type: string }> = {
      'dashboard.js': { path: () => projectFile('src/http/dashboard/web/dashboard.js'), type: 'text/javascript; charset=utf-8' },
      'dashboard.css': { path: () => projectFile('src/http/dashboard/web/dashboard.css'), type: 'text/css; charset=utf-8' },
      // Apache ECharts from node_modules, served by the bot itself: no CDN, works offline.
      'echarts.min.js': { path: () => require.resolve('echarts/dist/echarts.min.js'), type: 'text/javascript; charset=utf-8' },
    };
    const entry = Object.prototype.hasOwnProperty.call(known, name) ? known[name] : undefined;
    if (!entry) return undefined;
    let asset = this.assets.get(name);
    if (!asset) this.assets.set(name, (asset = { type: entry.type, body: readFileSync(entry.path()) }));
    return asset;
  }
}
