/* main.c - the faultline binary: everything lives in the library and the
 * command-line front (cli.c); this only hands over. */
#include "cli/fl_cli.h"

int main(int argc, char **argv)
{
    return fl_cli_main(argc, argv);
}
