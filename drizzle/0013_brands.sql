CREATE TABLE `brand_unsubscribes` (
	`contact_id` text NOT NULL,
	`brand_key` text NOT NULL,
	`unsubscribed_at` integer NOT NULL,
	PRIMARY KEY(`contact_id`, `brand_key`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `brands` (
	`key` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`website_url` text NOT NULL,
	`public_url` text,
	`logo_url` text,
	`accent` text,
	`mail_from` text,
	`privacy_policy_url` text,
	`privacy_contact` text,
	`default_locale` text,
	`created_at` integer NOT NULL,
	`updated_at` integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE `consent_events` ADD `brand` text;--> statement-breakpoint
ALTER TABLE `topics` ADD `brand` text DEFAULT 'default' NOT NULL;--> statement-breakpoint
-- The trail's update guard (migration 0012) names every column it keeps as it was; `brand` is
-- new, so the guard is made again with it.
DROP TRIGGER `consent_events_no_update`;--> statement-breakpoint
CREATE TRIGGER `consent_events_no_update` BEFORE UPDATE ON `consent_events`
WHEN NOT (
	OLD.`leave_reason` IS NULL
	AND NEW.`leave_reason` IN ('too_many', 'not_relevant', 'never_signed_up', 'other')
	AND OLD.`action` IN ('unsubscribe', 'unsubscribe_all')
	AND NEW.`id` IS OLD.`id` AND NEW.`contact_id` IS OLD.`contact_id` AND NEW.`topic_key` IS OLD.`topic_key`
	AND NEW.`action` IS OLD.`action` AND NEW.`source` IS OLD.`source` AND NEW.`occurred_at` IS OLD.`occurred_at`
	AND NEW.`ip` IS OLD.`ip` AND NEW.`user_agent` IS OLD.`user_agent` AND NEW.`wording` IS OLD.`wording`
	AND NEW.`wording_hash` IS OLD.`wording_hash` AND NEW.`token_id` IS OLD.`token_id`
	AND NEW.`api_key_id` IS OLD.`api_key_id` AND NEW.`campaign` IS OLD.`campaign`
	AND NEW.`source_url` IS OLD.`source_url` AND NEW.`message_id` IS OLD.`message_id`
	AND NEW.`event_id` IS OLD.`event_id` AND NEW.`note` IS OLD.`note` AND NEW.`brand` IS OLD.`brand`
)
BEGIN
	SELECT RAISE(ABORT, 'consent_events is append-only');
END;
