#ifndef PRISMA_COLLECT_HELP_H
#define PRISMA_COLLECT_HELP_H

#include <stdio.h>

/*
 * Writes the help of prisma-collect's COMMAND to OUT, or the overview of all
 * commands when COMMAND is NULL or unknown. Cannot fail. The man page
 * docs/man/prisma-collect.1 says the same at length.
 */
void help_print(FILE *out, const char *command);

#endif
