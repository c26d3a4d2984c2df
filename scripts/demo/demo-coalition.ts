// The demo coalition's people, meetings and pledges: plain data that seed-demo.ts stores.
// Every demo member is a local-chat identity "demo-<n>", which is how demo data is recognised.

export const CATEGORIES = ['member_state', 'private_sector', 'un_agency', 'civil_society', 'academia', 'youth'] as const;
export const GROUPS = ['access', 'adoption', 'value_creation', 'accelerate'] as const;
/** Composition gaps left open on purpose, so the digest and `groups` show some. */
export const GAPS = new Set(['accelerate:youth', 'accelerate:member_state', 'value_creation:academia']);

const ORGANIZATIONS: Record<(typeof CATEGORIES)[number], string[]> = {
  member_state: ['Ministry of ICT, Ethiopia', 'Ministry of Communications, Nepal', 'Ministry of Digital Affairs, Fiji', 'Ministry of Telecommunications, Haiti', 'ICT Division, Bangladesh', 'Ministry of ICT and Innovation, Rwanda', 'Ministry of Science, Jamaica', 'Communications Regulatory Commission, Mongolia', 'Ministry of Transport and Communications, Tuvalu', 'Ministry of ICT, Kenya'],
  private_sector: ['Sahel Mobile', 'Andes Fibre', 'Pacific Cable Co.', 'Savanna Satcom', 'Delta Payments', 'Highland Towers', 'Lagoon Cloud', 'Kilimanjaro Data', 'Atoll Networks', 'Meridian Devices'],
  un_agency: ['Regional Development Bank', 'UN Country Team Nepal', 'Pacific Islands Forum', 'African Telecommunications Union', 'Caribbean Telecommunications Union', 'Asia-Pacific Telecommunity', 'UNDP Digital Office', 'UNICEF Giga', 'World Food Programme IT', 'ESCAP ICT Division'],
  civil_society: ['Connect the Villages', 'Women in Tech Africa', 'Digital Rights Pacific', 'Open Libraries Network', 'Rural Radio Foundation', 'Disability Access Now', 'Refugee Connectivity Alliance', 'Farmers Online', 'Indigenous Media Collective', 'Small Business Digital'],
  academia: ['University of Nairobi', 'Kathmandu University', 'University of the South Pacific', 'Université d\'État d\'Haïti', 'BRAC University', 'University of Rwanda', 'University of the West Indies', 'National University of Mongolia', 'Addis Ababa University', 'Makerere University'],
  youth: ['Youth Coders Kigali', 'Generation Connect Pacific', 'Girls Who Build Dhaka', 'Young Innovators Haiti', 'Student Tech League Nepal', 'Youth for Digital Jamaica', 'Code Club Addis', 'Steppe Youth Digital', 'Island Youth Online', 'Next Gen Nairobi'],
};
const FIRST = ['Amina', 'Bikash', 'Losana', 'Jean', 'Farhana', 'Eric', 'Kemar', 'Bolormaa', 'Talia', 'Wanjiru', 'Carlos', 'Mei', 'Priya', 'Tomas', 'Noor'];
const LAST = ['Bekele', 'Shrestha', 'Tuilagi', 'Pierre', 'Rahman', 'Mugisha', 'Campbell', 'Bat-Erdene', 'Seluka', 'Otieno', 'Silva', 'Chen', 'Nair', 'Novak', 'Haddad'];
const COUNTRIES = ['ETH', 'NPL', 'FJI', 'HTI', 'BGD', 'RWA', 'JAM', 'MNG', 'TUV', 'KEN'];
const ZONES = ['Africa/Addis_Ababa', 'Asia/Kathmandu', 'Pacific/Fiji', 'America/Port-au-Prince', 'Asia/Dhaka', 'Africa/Kigali', 'America/Jamaica', 'Asia/Ulaanbaatar', 'Pacific/Funafuti', 'Africa/Nairobi'];

export interface DemoMember {
  externalId: string;
  name: string;
  organization: string;
  category: string;
  country: string;
  timeZone: string;
  email: string;
  groups: string[];
}

export function demoMembers(): DemoMember[] {
  const members: DemoMember[] = [];
  for (let i = 0; i < 60; i++) {
    const category = CATEGORIES[i % CATEGORIES.length];
    const n = Math.floor(i / CATEGORIES.length);
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
    const first = (i + n) % GROUPS.length;
    const wanted = [GROUPS[first], ...(i % 3 === 0 ? [GROUPS[(first + 1) % GROUPS.length]] : [])];
    members.push({
      externalId: `demo-${String(i + 1).padStart(2, '0')}`,
      name,
      organization: ORGANIZATIONS[category][n],
      category,
      country: COUNTRIES[(i + n) % COUNTRIES.length],
      timeZone: ZONES[(i + n) % ZONES.length],
      email: `${name.toLowerCase().replace(/[^a-z]+/g, '.')}.${i + 1}@example.org`,
      groups: wanted.filter((g) => !GAPS.has(`${g}:${category}`)),
    });
  }
  return members;
}

export interface DemoMeeting {
  group: string;
  title: string;
  /** Days from today, at 14:00 in Europe/Geneva. */
  inDays: number;
  rrule: string | null;
}

export const MEETINGS: DemoMeeting[] = [
  { group: 'access', title: 'Access working group: monthly call', inDays: 3, rrule: null },
  { group: 'adoption', title: 'Adoption working group: skills roundtable', inDays: 8, rrule: null },
  { group: 'value_creation', title: 'Value creation: weekly sync', inDays: 2, rrule: 'FREQ=WEEKLY' },
  { group: 'accelerate', title: 'Accelerate: investment pipeline review', inDays: 15, rrule: null },
];

const PLEDGE_TOPICS: Record<(typeof GROUPS)[number], string[]> = {
  access: ['Rural 4G towers', 'Community Wi-Fi hubs', 'Submarine cable landing', 'Satellite backhaul for clinics', 'Spectrum for rural operators', 'Solar-powered base stations', 'Open access fibre', 'Schools connectivity', 'Last-mile microwave links', 'Affordable handsets'],
  adoption: ['Digital skills for women', 'Teacher ICT training', 'Local language content', 'Farmers mobile advisory', 'Accessible e-services', 'Youth coding bootcamps', 'Digital literacy radio', 'Senior citizens online', 'Library digital corners', 'Refugee digital IDs'],
  value_creation: ['Mobile money for SMEs', 'E-commerce for artisans', 'Agritech marketplace', 'Tourism booking platform', 'Digital health records', 'Start-up incubator', 'Fintech sandbox', 'Open data portal', 'Telemedicine network', 'Gig work platform'],
  accelerate: ['Connectivity fund', 'Blended finance facility', 'Infrastructure bond', 'Policy toolkit', 'Regulatory capacity', 'Investment readiness', 'Universal service fund reform', 'Public-private partnership', 'Tower sharing framework', 'Cross-border data policy'],
};
const PLEDGE_COUNTRIES = [['ETH'], ['NPL', 'BGD'], ['FJI', 'TUV'], ['HTI'], ['region:ldc'], ['RWA', 'KEN'], ['JAM'], ['MNG'], ['region:sids'], ['region:lldc'], ['GLOBAL']];
const TYPES = ['programmatic', 'advocacy', 'policy', 'financial'];
const BENEFICIARIES = ['women_and_girls', 'youth', 'rural_communities', 'schools_and_students', 'small_businesses', 'persons_with_disabilities'];

export interface DemoPledge {
  /** Index into demoMembers(). */
  owner: number;
  focusArea: string;
  title: string;
  type: string;
  valueUsd: number | null;
  countries: string[];
  beneficiaries: string[];
  sdgs: number[];
  status: 'announced' | 'in_progress' | 'completed';
}

export function demoPledges(): DemoPledge[] {
  return Array.from({ length: 40 }, (_, i) => {
    const focusArea = GROUPS[i % GROUPS.length];
    const type = TYPES[(i + Math.floor(i / GROUPS.length)) % TYPES.length];
    return {
      owner: (i * 7) % 60,
      focusArea,
      title: PLEDGE_TOPICS[focusArea][Math.floor(i / GROUPS.length)],
      type,
      valueUsd: type === 'financial' || i % 2 === 0 ? (1 + ((i * 13) % 20)) * 250_000 : null,
      countries: PLEDGE_COUNTRIES[i % PLEDGE_COUNTRIES.length],
      beneficiaries: [BENEFICIARIES[i % BENEFICIARIES.length], BENEFICIARIES[(i + 2) % BENEFICIARIES.length]],
      sdgs: [9, ...(i % 2 ? [4] : [5]), ...(i % 5 === 0 ? [17] : [])],
      status: i % 5 === 0 ? 'in_progress' : i % 11 === 0 ? 'completed' : 'announced',
    };
  });
}
