-- 0005_intake: what a practice learns about a client before working with
-- them -- the intake profile, consent, injury history, providers'
-- clearances and pre-participation screenings -- and the injury cases a
-- clinician opens.  JSON columns hold text checked in C before it is
-- stored.  Dates are 'YYYY-MM-DD'; times are Unix milliseconds.

ALTER TABLE clients ADD COLUMN height_cm REAL;
ALTER TABLE clients ADD COLUMN weight_kg REAL;
ALTER TABLE clients ADD COLUMN occupation TEXT;
ALTER TABLE clients ADD COLUMN sitting_hours_per_day REAL;
ALTER TABLE clients ADD COLUMN activity_history TEXT;
ALTER TABLE clients ADD COLUMN goals TEXT;                 -- JSON
ALTER TABLE clients ADD COLUMN availability_days INTEGER;
ALTER TABLE clients ADD COLUMN availability_minutes INTEGER;
ALTER TABLE clients ADD COLUMN equipment TEXT;             -- JSON
ALTER TABLE clients ADD COLUMN experience TEXT
    CHECK (experience IS NULL OR
           experience IN ('novice', 'intermediate', 'advanced'));
ALTER TABLE clients ADD COLUMN intake_updated_at BIGINT;

-- The practice's consent form; each change is a new version.
CREATE TABLE consent_versions (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT  NOT NULL REFERENCES orgs (id),
    version     INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    created_by  BIGINT  REFERENCES users (id),
    created_at  BIGINT  NOT NULL,
    UNIQUE (org_id, version)
);

CREATE TABLE consent_signatures (
    id              INTEGER PRIMARY KEY,
    org_id          BIGINT  NOT NULL REFERENCES orgs (id),
    client_id       BIGINT  NOT NULL REFERENCES clients (id),
    version         INTEGER NOT NULL,
    signed_by_user  BIGINT  REFERENCES users (id),
    signer_name     TEXT    NOT NULL,
    signed_at       BIGINT  NOT NULL
);
CREATE INDEX consent_signatures_client
    ON consent_signatures (org_id, client_id, version);

CREATE TABLE injuries (
    id           INTEGER PRIMARY KEY,
    org_id       BIGINT  NOT NULL REFERENCES orgs (id),
    client_id    BIGINT  NOT NULL REFERENCES clients (id),
    region       TEXT    NOT NULL,
    side         TEXT    NOT NULL
                 CHECK (side IN ('left', 'right', 'both', 'none')),
    kind         TEXT    NOT NULL
                 CHECK (kind IN ('sprain', 'strain', 'tendinopathy', 'fracture',
                                 'dislocation', 'post_operative', 'other')),
    surgery      TEXT,
    onset_on     TEXT,
    surgery_on   TEXT,
    recurrences  INTEGER NOT NULL DEFAULT 0,
    status       TEXT    NOT NULL
                 CHECK (status IN ('active', 'resolved', 'recurrent')),
    restrictions TEXT    NOT NULL DEFAULT '[]',   -- JSON list of ids
    notes        TEXT,
    created_by   BIGINT  REFERENCES users (id),
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL
);
CREATE INDEX injuries_client ON injuries (org_id, client_id);

CREATE TABLE clearances (
    id                   INTEGER PRIMARY KEY,
    org_id               BIGINT  NOT NULL REFERENCES orgs (id),
    client_id            BIGINT  NOT NULL REFERENCES clients (id),
    provider             TEXT    NOT NULL,
    provider_credential  TEXT    NOT NULL,
    cleared_on           TEXT    NOT NULL,
    expires_on           TEXT    NOT NULL,
    restrictions         TEXT    NOT NULL DEFAULT '[]',   -- JSON list of ids
    created_by           BIGINT  REFERENCES users (id),
    created_at           BIGINT  NOT NULL
);
CREATE INDEX clearances_client ON clearances (org_id, client_id, created_at);

CREATE TABLE screenings (
    id           INTEGER PRIMARY KEY,
    org_id       BIGINT  NOT NULL REFERENCES orgs (id),
    client_id    BIGINT  NOT NULL REFERENCES clients (id),
    answers      TEXT    NOT NULL,   -- JSON, the `rebound screen` input
    result       TEXT    NOT NULL,   -- JSON, the decision
    outcome      TEXT    NOT NULL
                 CHECK (outcome IN ('cleared', 'clearance_recommended',
                                    'refer')),
    screened_by  BIGINT  REFERENCES users (id),
    created_at   BIGINT  NOT NULL
);
CREATE INDEX screenings_client ON screenings (org_id, client_id, created_at);

CREATE TABLE cases (
    id           INTEGER PRIMARY KEY,
    org_id       BIGINT  NOT NULL REFERENCES orgs (id),
    client_id    BIGINT  NOT NULL REFERENCES clients (id),
    injury_id    BIGINT  NOT NULL REFERENCES injuries (id),
    protocol_id  TEXT    NOT NULL,
    phase_id     TEXT    NOT NULL,
    opened_by    BIGINT  REFERENCES users (id),
    opened_at    BIGINT  NOT NULL,
    status       TEXT    NOT NULL DEFAULT 'open'
                 CHECK (status IN ('open', 'closed'))
);
CREATE INDEX cases_client ON cases (org_id, client_id);
