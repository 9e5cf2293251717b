-- 0002_clients: the people a practice works with.  A client may have a
-- portal account (user_id) and an assigned practitioner.

CREATE TABLE clients (
    id               INTEGER PRIMARY KEY,
    org_id           BIGINT  NOT NULL REFERENCES orgs (id),
    user_id          BIGINT  UNIQUE REFERENCES users (id),
    practitioner_id  BIGINT  REFERENCES users (id),
    first_name       TEXT    NOT NULL,
    last_name        TEXT    NOT NULL,
    birth_date       TEXT,            -- 'YYYY-MM-DD'
    sex              TEXT    NOT NULL DEFAULT 'unspecified'
                     CHECK (sex IN ('female', 'male', 'intersex', 'unspecified')),
    email            TEXT,
    phone            TEXT,
    created_at       BIGINT  NOT NULL,
    updated_at       BIGINT  NOT NULL
);
CREATE INDEX clients_org_name ON clients (org_id, last_name, first_name);
