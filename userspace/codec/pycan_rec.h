/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What vcanmc's own records in batches share (CAN XL records, bus
 * records; pycan.h): a msgpack map whose first key names the record and
 * holds its version, then known keys, each exactly once, no other.
 */
#ifndef VCANMC_PYCAN_REC_H
#define VCANMC_PYCAN_REC_H

#include <stdbool.h>
#include <msgpack.h>

#include "pycan.h"

/* Packs the key @key. */
void pycan_rec_key(msgpack_packer *pk, const char *key);
/* Whether @map is a record whose first key is @first */
bool pycan_rec_is(const msgpack_object_map *map, const char *first);
/* The values of the entries of @map after the first into @val, by the
 * @n names of @keys: each exactly once (else "malformed", or
 * "missing-key"), no other ("unknown-key").
 */
enum pycan_drop pycan_rec_fields(const msgpack_object_map *map, const char *const *keys, int n,
				 const msgpack_object **val);

#endif /* VCANMC_PYCAN_REC_H */
