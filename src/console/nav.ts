// The console's navigation, in menu order. A page adds its entry here (with a label in
// i18n/en.ts and nl.ts under `nav`); `role: 'admin'` hides it from staff, whose guard refuses
// the page anyway.
import type { StaffRole } from '../db/schema';
import type { ConsoleMessages } from './i18n';

export interface NavEntry {
  href: string;
  label: keyof ConsoleMessages['nav'];
  role: StaffRole;
}

export const consoleNav: NavEntry[] = [
  { href: '/admin', label: 'home', role: 'staff' },
  { href: '/admin/contacts', label: 'contacts', role: 'staff' },
  { href: '/admin/requests', label: 'requests', role: 'staff' },
  { href: '/admin/topics', label: 'topics', role: 'staff' },
  { href: '/admin/import', label: 'import', role: 'staff' },
  { href: '/admin/outbox', label: 'outbox', role: 'staff' },
  { href: '/admin/audit', label: 'audit', role: 'staff' },
  { href: '/admin/users', label: 'users', role: 'admin' },
  { href: '/admin/keys', label: 'keys', role: 'admin' },
  { href: '/admin/connectors', label: 'connectors', role: 'admin' },
  { href: '/admin/webhooks', label: 'webhooks', role: 'admin' },
];

/** Whether `path` is the entry's page or below it (the overview only for itself). */
export function isCurrent(entry: NavEntry, path: string): boolean {
  if (entry.href === '/admin') return path === '/admin' || path === '/admin/';
  return path === entry.href || path.startsWith(`${entry.href}/`);
}
