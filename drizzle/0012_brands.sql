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
ALTER TABLE `topics` ADD `brand` text DEFAULT 'default' NOT NULL;