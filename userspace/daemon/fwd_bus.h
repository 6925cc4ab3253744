/* SPDX-License-Identifier: GPL-2.0 */
/*
 * One bus, one configuration: the hosts of a group that batches (encap
 * python-can-batch, norm) tell each other what bus they emulate (pycan.h's
 * bus records: the bit rates), so that a host whose settings differ is
 * told, in the log and in vcanmc status, rather than being silently a
 * second bus on the same group.
 *
 * A record is due when the link starts, when its rates change and every
 * second. It rides at the end of the next message of frames; an idle UDP
 * link sends it alone. A NORM link sends none alone: its receivers take no
 * message without frames, and a record must not take a sequence number of
 * the frames', which count what is lost. So a NORM host says its bus once
 * it sends.
 */
#ifndef VCANMCD_FWD_BUS_H
#define VCANMCD_FWD_BUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "pycan.h"

struct fwd;
struct peer;

/* How often a link says what bus it emulates, and how long a UDP peer's
 * word counts; a peer that named another bus differs for FWD_BUS_STALE_MS
 * whatever it says after.
 */
#define FWD_BUS_EVERY_MS	1000
#define FWD_BUS_STALE_MS	3000
/* Due this long after the last: the daemon's 1 s tick comes a little
 * early at times, and must not make it every 2 s
 */
#define FWD_BUS_DUE_MS		(FWD_BUS_EVERY_MS * 9 / 10)

/* The link's bus is new (or it starts): its record is due now. */
void fwd_bus_changed(struct fwd *f);
/* On the loop's tick and when due: marks the record due, and sends it
 * alone if the link is idle and may.
 */
void fwd_bus_tick(struct fwd *f, int64_t now);
/* Writes the due record, if any, into @buf (@room bytes, at least
 * PYCAN_BUS_ENC_MAX): its length, or 0.
 */
size_t fwd_bus_append(struct fwd *f, uint8_t *buf, size_t room);
/* The bus record @bus came from @p. */
void fwd_bus_heard(struct fwd *f, struct peer *p, const struct pycan_bus *bus, int64_t now);
/* Whether @p's last record is too old to count: a UDP peer's, after
 * FWD_BUS_STALE_MS; a NORM sender's holds until NORM forgets it
 */
bool fwd_bus_unheard(const struct peer *p, int64_t now);
/* Whether @p's last record names another bus than ours, or one did in
 * the last FWD_BUS_STALE_MS
 */
bool fwd_bus_differs(const struct fwd *f, const struct peer *p, int64_t now);
/* How many peers do */
unsigned int fwd_bus_differing(const struct fwd *f, int64_t now);

#endif /* VCANMCD_FWD_BUS_H */
