ALTER TABLE `consent_events` ADD `leave_reason` text;--> statement-breakpoint
ALTER TABLE `contacts` ADD `paused_until` integer;--> statement-breakpoint
-- The trail stays append-only with one exception: the answer to "why did you leave?" joins the
-- unsubscribe entry it belongs to. `leave_reason` may go from NULL to one of the fixed answers,
-- once, on an unsubscribe entry, with every other column as it was; any other UPDATE, including
-- a second answer, is refused as before.
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
	AND NEW.`event_id` IS OLD.`event_id` AND NEW.`note` IS OLD.`note`
)
BEGIN
	SELECT RAISE(ABORT, 'consent_events is append-only');
END;
