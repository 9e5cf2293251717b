/* cmd_screen.c: being written. */
