CREATE TABLE `connector_activity` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`connector_id` text NOT NULL,
	`at` integer NOT NULL,
	`direction` text NOT NULL,
	`what` text NOT NULL,
	`outcome` text NOT NULL,
	`status_code` integer,
	FOREIGN KEY (`connector_id`) REFERENCES `connectors`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `connector_activity_connector_idx` ON `connector_activity` (`connector_id`,`id`);--> statement-breakpoint
CREATE INDEX `connector_activity_at_idx` ON `connector_activity` (`at`);--> statement-breakpoint
CREATE TABLE `connectors` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`credentials` text NOT NULL,
	`settings` text NOT NULL,
	`api_base` text,
	`inbound_secret` text NOT NULL,
	`push_opt_ins` integer NOT NULL,
	`enabled` integer NOT NULL,
	`failing_since` integer,
	`disabled_at` integer,
	`disabled_reason` text,
	`sync_cursor` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
