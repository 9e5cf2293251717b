-- 0007_assessments: recorded assessments, their measures and questionnaire
-- answers.  An assessment keeps the body it was recorded from (including
-- raw tests such as the three Y-Balance reaches); its measurements are the
-- validated values, derived ones included (a Y-Balance composite, an FMS
-- total, a questionnaire's score), one row per measure and side, so that
-- trends and phase gates read one indexed table.  Questionnaire answers are
-- stored item by item (JSON array; null = missing item) with the score and
-- the scoring result.  Dates are 'YYYY-MM-DD'; times Unix milliseconds.

CREATE TABLE assessments (
    id           INTEGER PRIMARY KEY,
    org_id       BIGINT  NOT NULL REFERENCES orgs (id),
    client_id    BIGINT  NOT NULL REFERENCES clients (id),
    assessed_on  TEXT    NOT NULL,
    assessor_id  BIGINT  REFERENCES users (id),
    case_id      BIGINT  REFERENCES cases (id),
    notes        TEXT,
    body         TEXT    NOT NULL,
    created_at   BIGINT  NOT NULL
);
CREATE INDEX assessments_client ON assessments (org_id, client_id, assessed_on);

CREATE TABLE measurements (
    id             INTEGER PRIMARY KEY,
    org_id         BIGINT  NOT NULL REFERENCES orgs (id),
    client_id      BIGINT  NOT NULL REFERENCES clients (id),
    assessment_id  BIGINT  NOT NULL REFERENCES assessments (id),
    measure        TEXT    NOT NULL,
    side           TEXT    NOT NULL CHECK (side IN ('none', 'left', 'right')),
    value          REAL    NOT NULL,
    measured_on    TEXT    NOT NULL,
    exercise       TEXT    -- per-exercise measures (an estimated 1RM)
);
CREATE INDEX measurements_client
    ON measurements (org_id, client_id, measure, measured_on);
CREATE INDEX measurements_assessment ON measurements (assessment_id);

CREATE TABLE questionnaire_responses (
    id             INTEGER PRIMARY KEY,
    org_id         BIGINT  NOT NULL REFERENCES orgs (id),
    client_id      BIGINT  NOT NULL REFERENCES clients (id),
    assessment_id  BIGINT  NOT NULL REFERENCES assessments (id),
    instrument     TEXT    NOT NULL,
    answers        TEXT    NOT NULL,
    score          REAL    NOT NULL,
    result         TEXT    NOT NULL,
    answered_on    TEXT    NOT NULL
);
CREATE INDEX responses_client
    ON questionnaire_responses (org_id, client_id, instrument, answered_on);

-- When the case entered its current phase (the time floor of a gate).
ALTER TABLE cases ADD COLUMN phase_started_at BIGINT;
UPDATE cases SET phase_started_at = opened_at;
