-- 0006_documents: incident reports and their amendments.  A report is
-- editable until it is signed; after that its content is frozen and only
-- amendments (append-only) may be added.  Times are Unix milliseconds;
-- occurred_at is 'YYYY-MM-DD' or 'YYYY-MM-DDTHH:MM'.

CREATE TABLE incidents (
    id             INTEGER PRIMARY KEY,
    org_id         BIGINT  NOT NULL REFERENCES orgs (id),
    client_id      BIGINT  REFERENCES clients (id),
    occurred_at    TEXT    NOT NULL,
    location       TEXT    NOT NULL,
    description    TEXT    NOT NULL,
    actions_taken  TEXT    NOT NULL,
    referral       TEXT,
    reported_by    BIGINT  NOT NULL REFERENCES users (id),
    created_at     BIGINT  NOT NULL,
    updated_at     BIGINT  NOT NULL,
    signed_by      BIGINT  REFERENCES users (id),
    signed_at      BIGINT
);
CREATE INDEX incidents_org ON incidents (org_id, reported_by, id);

CREATE TABLE incident_amendments (
    id           INTEGER PRIMARY KEY,
    org_id       BIGINT  NOT NULL REFERENCES orgs (id),
    incident_id  BIGINT  NOT NULL REFERENCES incidents (id),
    text         TEXT    NOT NULL,
    added_by     BIGINT  NOT NULL REFERENCES users (id),
    added_at     BIGINT  NOT NULL
);
CREATE INDEX incident_amendments_incident
    ON incident_amendments (org_id, incident_id, id);

-- A signed report is a record: nothing of it changes, and it stays.
CREATE TRIGGER incidents_signed_no_update BEFORE UPDATE ON incidents
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed incident report cannot be changed');
END;

CREATE TRIGGER incidents_signed_no_delete BEFORE DELETE ON incidents
WHEN OLD.signed_at IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'a signed incident report cannot be deleted');
END;

CREATE TRIGGER incident_amendments_no_update
BEFORE UPDATE ON incident_amendments
BEGIN
    SELECT RAISE(ABORT, 'incident amendments are append-only');
END;

CREATE TRIGGER incident_amendments_no_delete
BEFORE DELETE ON incident_amendments
BEGIN
    SELECT RAISE(ABORT, 'incident amendments are append-only');
END;
