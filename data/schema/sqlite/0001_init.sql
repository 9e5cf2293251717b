-- 0001_init: practices, their users, login sessions and the audit trail.
-- Portable SQL: the PostgreSQL files differ only in identity columns and
-- trigger syntax.  Times are Unix milliseconds computed in C (BIGINT).

CREATE TABLE orgs (
    id          INTEGER PRIMARY KEY,
    name        TEXT    NOT NULL,
    kind        TEXT    NOT NULL CHECK (kind IN ('gym', 'clinic', 'solo')),
    created_at  BIGINT  NOT NULL
);

CREATE TABLE users (
    id                 INTEGER PRIMARY KEY,
    org_id             BIGINT   NOT NULL REFERENCES orgs (id),
    email              TEXT     NOT NULL UNIQUE,   -- lower-cased in C
    name               TEXT     NOT NULL,
    role               TEXT     NOT NULL
                       CHECK (role IN ('owner', 'admin', 'practitioner', 'client')),
    password_hash      TEXT,                       -- argon2id PHC string; NULL until invite accepted
    invite_hash        TEXT     UNIQUE,            -- BLAKE2b of the invite token
    invite_expires_at  BIGINT,
    disabled           SMALLINT NOT NULL DEFAULT 0,
    failed_logins      INTEGER  NOT NULL DEFAULT 0,
    last_failed_at     BIGINT   NOT NULL DEFAULT 0,
    locked_until       BIGINT   NOT NULL DEFAULT 0,
    created_at         BIGINT   NOT NULL
);
CREATE INDEX users_org ON users (org_id);

-- Only a hash of each session token is kept: a copied database yields no
-- usable sessions.
CREATE TABLE sessions (
    token_hash  TEXT    PRIMARY KEY,
    user_id     BIGINT  NOT NULL REFERENCES users (id),
    org_id      BIGINT  NOT NULL REFERENCES orgs (id),
    created_at  BIGINT  NOT NULL,
    expires_at  BIGINT  NOT NULL,
    revoked_at  BIGINT
);
CREATE INDEX sessions_user ON sessions (user_id);

-- Append-only: the triggers below refuse UPDATE and DELETE, so not even a
-- bug in our own code can rewrite history.
CREATE TABLE audit (
    id           INTEGER PRIMARY KEY,
    org_id       BIGINT  NOT NULL REFERENCES orgs (id),
    at           BIGINT  NOT NULL,
    user_id      BIGINT,            -- NULL: the command line or the system
    action       TEXT    NOT NULL,
    record_type  TEXT    NOT NULL,
    record_id    BIGINT,
    client_id    BIGINT,
    address      TEXT    NOT NULL,
    request_id   TEXT    NOT NULL,
    detail       TEXT    NOT NULL
);
CREATE INDEX audit_org_at ON audit (org_id, at);
CREATE INDEX audit_org_client ON audit (org_id, client_id, at);
CREATE INDEX audit_org_user ON audit (org_id, user_id, at);

CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;

CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only');
END;
