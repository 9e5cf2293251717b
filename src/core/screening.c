/* screening.c: being written. */
