/* scope.c: being written. */
