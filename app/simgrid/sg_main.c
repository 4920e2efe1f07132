/* sg_main.c: factorysim-simgrid, the program that runs one replication on
 * SimGrid for `factorysim run --engine simgrid` and `validate`'s
 * cross-check (sg_engine.h): started once per run by factorysim, it writes
 * the packed result on stdout. Not meant to be started by hand. */
#include "app/simgrid/sg_engine.h"

int main(int argc, char **argv)
{
    return fs_simgrid_child_main(argc, argv);
}
