-- 0003_practice_exercises: a practice's own exercise library.  One row per
-- (practice, exercise id): a practice's own exercise, its edited copy of a
-- built-in one (same id), or a built-in one it hides (body NULL, hidden 1).
-- The body is the exercise as JSON in the data/exercises format, checked by
-- the knowledge base before it is stored.

CREATE TABLE practice_exercises (
    org_id       BIGINT   NOT NULL REFERENCES orgs (id),
    exercise_id  TEXT     NOT NULL,
    body         TEXT,
    hidden       SMALLINT NOT NULL DEFAULT 0,
    updated_at   BIGINT   NOT NULL,
    PRIMARY KEY (org_id, exercise_id)
);
