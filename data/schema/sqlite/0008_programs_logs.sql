-- 0008_programs_logs: program versions, training logs, check-ins and the
-- adjustment recommendations made from them.
--
-- A client's program is a sequence of versions; each version keeps the
-- whole program as generated or edited (JSON, docs/program-engine.md) and
-- the changes that made it from the one before, each with its reason
-- (JSON list).  The current program is the newest version.  Logs point at
-- the version they were done against.  Dates are 'YYYY-MM-DD'; times Unix
-- milliseconds.

CREATE TABLE program_versions (
    id          INTEGER PRIMARY KEY,
    org_id      BIGINT  NOT NULL REFERENCES orgs (id),
    client_id   BIGINT  NOT NULL REFERENCES clients (id),
    version     INTEGER NOT NULL,
    body        TEXT    NOT NULL,
    changes     TEXT    NOT NULL DEFAULT '[]',
    reason      TEXT    NOT NULL,
    created_by  BIGINT  REFERENCES users (id),
    created_at  BIGINT  NOT NULL,
    UNIQUE (client_id, version)
);

CREATE TABLE session_logs (
    id                  INTEGER PRIMARY KEY,
    org_id              BIGINT  NOT NULL REFERENCES orgs (id),
    client_id           BIGINT  NOT NULL REFERENCES clients (id),
    program_version_id  BIGINT  REFERENCES program_versions (id),
    session_key         TEXT,
    performed_on        TEXT    NOT NULL,
    status              TEXT    NOT NULL
                        CHECK (status IN ('completed', 'partial', 'missed')),
    rpe                 REAL,
    minutes             REAL,
    notes               TEXT,
    logged_by           BIGINT  REFERENCES users (id),
    created_at          BIGINT  NOT NULL
);
CREATE INDEX session_logs_client ON session_logs (org_id, client_id, performed_on);
-- The attention list reads the whole practice's last six weeks at once:
-- day first, so those weeks are a few hundred adjacent index pages rather
-- than a page per client, and covering what the list reads (client,
-- status, RPE and minutes for the load ratios), so the table is not
-- visited (bench/attention).
CREATE INDEX session_logs_day
    ON session_logs (org_id, performed_on, client_id, status, rpe, minutes);

CREATE TABLE set_logs (
    id           INTEGER PRIMARY KEY,
    org_id       BIGINT  NOT NULL REFERENCES orgs (id),
    session_id   BIGINT  NOT NULL REFERENCES session_logs (id),
    exercise_id  TEXT    NOT NULL,
    set_no       INTEGER NOT NULL,
    reps         REAL,
    seconds      REAL,
    load_kg      REAL,
    rpe          REAL,
    rir          REAL,
    pain         REAL
);
-- With pain, so the attention list's highest pain of a day is read from
-- the index alone.
CREATE INDEX set_logs_session ON set_logs (session_id, pain);

CREATE TABLE checkins (
    id             INTEGER PRIMARY KEY,
    org_id         BIGINT  NOT NULL REFERENCES orgs (id),
    client_id      BIGINT  NOT NULL REFERENCES clients (id),
    checked_on     TEXT    NOT NULL,
    kind           TEXT    NOT NULL CHECK (kind IN ('next_morning', 'daily')),
    body           TEXT    NOT NULL,
    max_pain       REAL,
    red_flags      TEXT    NOT NULL DEFAULT '[]',
    created_by     BIGINT  REFERENCES users (id),
    created_at     BIGINT  NOT NULL
);
CREATE INDEX checkins_client ON checkins (org_id, client_id, checked_on);
-- The attention list's read of the last week, day first and covering
-- (everything but the body), as session_logs_day.
CREATE INDEX checkins_day
    ON checkins (org_id, checked_on, client_id, kind, max_pain, red_flags);

CREATE TABLE recommendations (
    id                  INTEGER PRIMARY KEY,
    org_id              BIGINT  NOT NULL REFERENCES orgs (id),
    client_id           BIGINT  NOT NULL REFERENCES clients (id),
    program_version_id  BIGINT  REFERENCES program_versions (id),
    made_on             TEXT    NOT NULL,
    exercise_id         TEXT    NOT NULL,
    action              TEXT    NOT NULL
                        CHECK (action IN ('progress', 'hold', 'regress',
                                          'substitute', 'stop_and_refer')),
    reasons             TEXT    NOT NULL,
    status              TEXT    NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'accepted', 'declined')),
    decided_by          BIGINT  REFERENCES users (id),
    decided_at          BIGINT,
    result_version_id   BIGINT  REFERENCES program_versions (id),
    created_at          BIGINT  NOT NULL
);
CREATE INDEX recommendations_client ON recommendations (org_id, client_id, status);
