-- 0004_credentials: practitioners' credentials and CPR/AED cards.  Kinds
-- are rows of data/credentials.json; dates are 'YYYY-MM-DD'.  A credential
-- is self-reported until an owner or admin verifies it.

CREATE TABLE credentials (
    id              INTEGER PRIMARY KEY,
    org_id          BIGINT   NOT NULL REFERENCES orgs (id),
    user_id         BIGINT   NOT NULL REFERENCES users (id),
    kind            TEXT     NOT NULL,
    issuer          TEXT     NOT NULL,
    number          TEXT     NOT NULL,
    issued_on       TEXT     NOT NULL,
    expires_on      TEXT     NOT NULL,
    cpr_expires_on  TEXT,
    ce_earned       REAL     NOT NULL DEFAULT 0,
    ce_required     REAL     NOT NULL DEFAULT 0,
    verified        SMALLINT NOT NULL DEFAULT 0,
    verified_by     BIGINT   REFERENCES users (id),
    verified_on     TEXT,
    verify_note     TEXT,
    created_at      BIGINT   NOT NULL
);
CREATE INDEX credentials_org_user ON credentials (org_id, user_id);
