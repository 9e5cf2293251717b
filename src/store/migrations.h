/*
 * migrations.h -- numbered schema steps compiled into the binary.
 *
 * The SQL lives in data/schema/<engine>/NNNN_name.sql; the build embeds it
 * (tools/embed_sql.py), so a binary always carries exactly the schema it
 * understands and refuses a database that is newer.
 */
#ifndef RB_STORE_MIGRATIONS_H
#define RB_STORE_MIGRATIONS_H

struct rb_migration {
    int version;      /* 1, 2, 3, ... */
    const char *name; /* "0001_init" */
    const char *sql;  /* one or more statements */
};

extern const struct rb_migration rb_sqlite_migrations[];
extern const int rb_sqlite_migrations_count;

#endif /* RB_STORE_MIGRATIONS_H */
