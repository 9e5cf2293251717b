/* credentials.c: being written. */
