// Mailing-tool connectors (Mailchimp, Brevo, Laposta, Resend): a second kind of outbox target.
// Credentials and the inbound secret are sealed with the secret box (never plain, never shown
// back); the activity log keeps what was done and how it went, never an address.
import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

export const connectorTypes = ['mailchimp', 'brevo', 'laposta', 'resend'] as const;
export type ConnectorType = (typeof connectorTypes)[number];

export const connectorDisabledReasons = ['unauthorized', 'failing', 'staff'] as const;
export type ConnectorDisabledReason = (typeof connectorDisabledReasons)[number];

export const connectors = sqliteTable('connectors', {
  id: text('id').primaryKey(),
  type: text('type', { enum: connectorTypes }).notNull(),
  name: text('name').notNull(),
  // The tool's API key (and webhook token or secret), sealed as JSON with the secret box.
  credentials: text('credentials').notNull(),
  settings: text('settings', { mode: 'json' }).$type<Record<string, unknown>>().notNull(),
  apiBase: text('api_base'),
  // The secret in the inbound URL, sealed: Mailchimp cannot sign its calls, so the path is the proof.
  inboundSecret: text('inbound_secret').notNull(),
  pushOptIns: integer('push_opt_ins', { mode: 'boolean' }).notNull(),
  enabled: integer('enabled', { mode: 'boolean' }).notNull(),
  failingSince: integer('failing_since', { mode: 'timestamp_ms' }),
  disabledAt: integer('disabled_at', { mode: 'timestamp_ms' }),
  disabledReason: text('disabled_reason', { enum: connectorDisabledReasons }),
  // Where an interrupted `sync --apply` resumes: the tool's cursor after the last finished page.
  syncCursor: text('sync_cursor'),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

export const connectorActivity = sqliteTable(
  'connector_activity',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    connectorId: text('connector_id')
      .notNull()
      .references(() => connectors.id, { onDelete: 'cascade' }),
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    direction: text('direction', { enum: ['push', 'inbound', 'sync'] }).notNull(),
    // What was asked, in our words (`unsubscribe topic news`); never an address.
    what: text('what').notNull(),
    outcome: text('outcome').notNull(),
    statusCode: integer('status_code'),
  },
  (t) => [
    index('connector_activity_connector_idx').on(t.connectorId, t.id),
    index('connector_activity_at_idx').on(t.at),
  ],
);
