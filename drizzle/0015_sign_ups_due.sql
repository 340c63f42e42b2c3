CREATE TABLE `sign_ups_due` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`topics` text NOT NULL,
	`locale` text,
	`fallback_locale` text NOT NULL,
	`source` text NOT NULL,
	`source_url` text,
	`consent_text` text,
	`ip` text,
	`user_agent` text,
	`token_id` text NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`created_at` integer NOT NULL,
	`claimed_until` integer
);
--> statement-breakpoint
CREATE INDEX `sign_ups_due_email` ON `sign_ups_due` (`email`);--> statement-breakpoint
CREATE INDEX `sign_ups_due_created` ON `sign_ups_due` (`created_at`);