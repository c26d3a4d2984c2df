// The 17 Sustainable Development Goals by number, with their short names.
export const SDG_SHORT_NAMES: readonly string[] = [
  'No poverty',
  'Zero hunger',
  'Good health and well-being',
  'Quality education',
  'Gender equality',
  'Clean water and sanitation',
  'Affordable and clean energy',
  'Decent work and economic growth',
  'Industry, innovation and infrastructure',
  'Reduced inequalities',
  'Sustainable cities and communities',
  'Responsible consumption and production',
  'Climate action',
  'Life below water',
  'Life on land',
  'Peace, justice and strong institutions',
  'Partnerships for the goals',
];

export function sdgName(goal: number): string | undefined {
  return SDG_SHORT_NAMES[goal - 1];
}
