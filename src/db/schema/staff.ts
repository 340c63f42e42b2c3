// Console accounts and their sessions. A user's password is kept only as a slow salted hash
// (crypto/password.ts) that names its algorithm and cost, so the cost can be raised later; a
// session is kept only as a SHA-256 of its cookie value, so a copy of the database opens none.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const staffRoles = ['admin', 'staff'] as const;
export type StaffRole = (typeof staffRoles)[number];

export const staffUsers = sqliteTable('staff_users', {
  id: text('id').primaryKey(),
  // Canonical address (domain/email.ts), so one person has one account however it is typed.
  email: text('email').notNull().unique(),
  role: text('role', { enum: staffRoles }).notNull(),
  // `pbkdf2-sha256$<iterations>$<salt>$<hash>` (base64url); see crypto/password.ts.
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  passwordChangedAt: integer('password_changed_at', { mode: 'timestamp_ms' }).notNull(),
  disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
});

export const staffSessions = sqliteTable(
  'staff_sessions',
  {
    // A random id that is not the secret: forms' CSRF tokens are bound to it.
    id: text('id').primaryKey(),
    // SHA-256 of the cookie value, the only form of the secret the database holds.
    tokenHash: text('token_hash').notNull().unique(),
    userId: text('user_id')
      .notNull()
      .references(() => staffUsers.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    lastSeenAt: integer('last_seen_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('staff_sessions_user_idx').on(t.userId)],
);
