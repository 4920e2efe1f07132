/* returns.h: the return loop of the floor (docs/models/remanufacturing.md).
 *
 *   sold (the sink) --collection_rate--> in use (lifetime) --> returned
 *   installed base (units sold before t = 0) ---------------> returned
 *   returned --grade--> reuse | remanufacture | recycle | landfill
 *   remanufacture: a unit of reman_family follows its route (stations
 *   with times and energy states like any other) and leaves the sink as
 *   a product again, its replaced parts to recycling.
 *
 * Mass (kg) and units are booked at every step, and at the end of every
 * run the books must close: mass returned = reused + remanufactured
 * products + recycled material + landfill + in remanufacturing; units the
 * same. A remanufactured unit is not collected again.
 *
 * KPIs (fs__returns_collect) cover the whole run. Owned by the floor; no
 * globals.
 */
#ifndef FS_RETURNS_H
#define FS_RETURNS_H

#include "models/floor/floor_internal.h"

typedef struct fs__returns fs__returns;

/* NULL when the spec has no [returns]. */
fs__returns *fs__returns_new(fs_floor *floor);
void fs__returns_free(fs__returns *r);  /* NULL is a no-op */
/* A unit reached the sink (sold, or a remanufactured product done). */
void fs__returns_sold(fs__returns *r, const fs__unit *u);
/* Checks the mass and unit balances; fails the run when they do not close. */
void fs__returns_check(const fs__returns *r);

/* The return loop's KPI part (returns_units .. avoided_co2_kg). */
const fs_kpi_part *fs__returns_kpi_part(void);
/* Fills the part's values; r may be NULL (all NaN). */
void fs__returns_collect(const fs__returns *r, const fs_floor *floor, double *k);

#endif /* FS_RETURNS_H */
