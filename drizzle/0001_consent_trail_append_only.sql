-- The consent trail is evidence: once written, an entry is never changed. Erasure deletes a
-- contact's entries together with the contact, so DELETE stays allowed.
CREATE TRIGGER `consent_events_no_update` BEFORE UPDATE ON `consent_events`
BEGIN
	SELECT RAISE(ABORT, 'consent_events is append-only');
END;
