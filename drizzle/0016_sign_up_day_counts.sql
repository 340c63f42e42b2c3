CREATE TABLE `sign_up_day_counts` (
	`day` text PRIMARY KEY NOT NULL,
	`gave_up` integer NOT NULL
);
