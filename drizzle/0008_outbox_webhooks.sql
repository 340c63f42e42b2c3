CREATE TABLE `delivery_attempts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`delivery_id` integer NOT NULL,
	`attempt` integer NOT NULL,
	`attempted_at` integer NOT NULL,
	`status_code` integer,
	`duration_ms` integer NOT NULL,
	`error` text,
	FOREIGN KEY (`delivery_id`) REFERENCES `event_deliveries`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `delivery_attempts_delivery_idx` ON `delivery_attempts` (`delivery_id`,`id`);--> statement-breakpoint
CREATE INDEX `delivery_attempts_attempted_idx` ON `delivery_attempts` (`attempted_at`);--> statement-breakpoint
CREATE TABLE `event_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`event_id` integer NOT NULL,
	`target_type` text NOT NULL,
	`target_id` text NOT NULL,
	`contact_id` text,
	`status` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`lease_holder` text,
	`lease_expires_at` integer,
	`last_attempt_at` integer,
	`last_status_code` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`completed_at` integer,
	FOREIGN KEY (`event_id`) REFERENCES `outbox_events`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `event_deliveries_event_target_idx` ON `event_deliveries` (`event_id`,`target_type`,`target_id`);--> statement-breakpoint
CREATE INDEX `event_deliveries_due_idx` ON `event_deliveries` (`next_attempt_at`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `event_deliveries_order_idx` ON `event_deliveries` (`target_type`,`target_id`,`contact_id`,`event_id`) WHERE status = 'pending';--> statement-breakpoint
CREATE INDEX `event_deliveries_target_idx` ON `event_deliveries` (`target_type`,`target_id`,`id`);--> statement-breakpoint
CREATE INDEX `event_deliveries_completed_idx` ON `event_deliveries` (`completed_at`);--> statement-breakpoint
CREATE TABLE `outbox_events` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`type` text NOT NULL,
	`contact_id` text,
	`payload` text NOT NULL,
	`occurred_at` integer NOT NULL,
	`scrubbed_at` integer,
	`enqueued_at` integer
);
--> statement-breakpoint
CREATE INDEX `outbox_events_contact_idx` ON `outbox_events` (`contact_id`);--> statement-breakpoint
CREATE INDEX `outbox_events_unqueued_idx` ON `outbox_events` (`occurred_at`) WHERE enqueued_at is null;--> statement-breakpoint
CREATE TABLE `webhook_endpoints` (
	`id` text PRIMARY KEY NOT NULL,
	`url` text NOT NULL,
	`description` text,
	`events` text,
	`enabled` integer NOT NULL,
	`secret` text NOT NULL,
	`previous_secret` text,
	`previous_secret_expires_at` integer,
	`failing_since` integer,
	`disabled_at` integer,
	`disabled_reason` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
