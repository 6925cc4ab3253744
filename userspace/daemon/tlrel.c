// SPDX-License-Identifier: GPL-2.0
/*
 * The release rule of the timeline; see tlrel.h. The frontier is the
 * lowest promise of the members (a member that joined at J promises
 * everything before J), lowered to just before the first frame that some
 * member counted for its instant does not hold yet. A member holds its own
 * frames; this host holds what tlrel_frame() was told.
 */
#include <errno.h>
#include <string.h>

#include "tlrel.h"

void tlrel_init(struct tlrel *t, uint32_t self)
{
	memset(t, 0, sizeof(*t));
	t->self = self;
	t->frontier = INT64_MIN;
}

static int slot(const struct tlrel *t, uint32_t id)
{
	int i;

	for (i = 0; id && i < TLREL_MEMBERS; i++)
		if (t->m[i].id == id)
			return i;
	return -1;
}

int tlrel_add(struct tlrel *t, uint32_t id, int64_t join)
{
	int i, free_i = -1;

	if (!id)
		return -EINVAL;
	if (slot(t, id) >= 0)
		return -EEXIST;
	for (i = 0; i < TLREL_MEMBERS && free_i < 0; i++)
		if (!t->m[i].id)
			free_i = i;
	if (free_i < 0)
		return -ENOSPC;
	memset(&t->m[free_i], 0, sizeof(t->m[free_i]));
	t->m[free_i].id = id;
	t->m[free_i].join = join;
	t->m[free_i].mark = INT64_MIN;
	/* what others held of the place's last owner is not the newcomer's */
	for (i = 0; i < TLREL_MEMBERS; i++)
		t->m[i].acks[free_i] = 0;
	return 0;
}

int tlrel_remove(struct tlrel *t, uint32_t id)
{
	int i = slot(t, id);

	if (i < 0)
		return -ENOENT;
	t->m[i].id = 0;
	return 0;
}

int tlrel_cut(struct tlrel *t, uint32_t id, uint64_t seq)
{
	int i = slot(t, id), j;
	struct tlrel_member *m;

	if (i < 0)
		return -ENOENT;
	m = &t->m[i];
	m->cut = true;
	m->hold = 0;
	for (j = 0; j < TLREL_MEMBERS; j++)
		if (t->m[j].id && !t->m[j].cut && t->m[j].id != t->self)
			m->hold |= 1u << j;
	/* its frames not stable are held - len + 1 .. held: the last go */
	if (seq < m->held) {
		m->len = m->held - seq >= m->len ? 0 : m->len - (unsigned int)(m->held - seq);
		m->held = seq;
	}
	return 0;
}

void tlrel_heard(struct tlrel *t, uint32_t id)
{
	int i = slot(t, id), j;

	if (i < 0)
		return;
	for (j = 0; j < TLREL_MEMBERS; j++)
		t->m[j].hold &= ~(1u << i);
}

bool tlrel_holds(const struct tlrel *t, uint32_t cut, uint32_t id)
{
	int c = slot(t, cut), i = slot(t, id);

	return c >= 0 && i >= 0 && t->m[c].cut && t->m[c].hold & 1u << i;
}

int tlrel_frame(struct tlrel *t, uint32_t id, uint64_t seq, int64_t submit)
{
	int i = slot(t, id);
	struct tlrel_member *m;

	if (i < 0)
		return -ENOENT;
	m = &t->m[i];
	if (seq != m->held + 1 || submit <= m->mark)
		return -EPROTO;
	if (m->len == TLREL_UNSTABLE)
		return -ENOSPC;
	m->unstable[(m->head + m->len++) % TLREL_UNSTABLE] = submit;
	m->held = seq;
	/* its submit times only grow: nothing more up to this one */
	m->mark = submit;
	return 0;
}

int tlrel_mark(struct tlrel *t, uint32_t id, int64_t mark)
{
	int i = slot(t, id);

	if (i < 0)
		return -ENOENT;
	if (mark > t->m[i].mark)
		t->m[i].mark = mark;
	return 0;
}

int tlrel_ack(struct tlrel *t, uint32_t from, uint32_t id, uint64_t seq)
{
	int f = slot(t, from), i = slot(t, id);

	if (f < 0 || i < 0)
		return -ENOENT;
	if (seq > t->m[i].acks[f])
		t->m[i].acks[f] = seq;
	return 0;
}

uint64_t tlrel_held(const struct tlrel *t, uint32_t id)
{
	int i = slot(t, id);

	return i < 0 ? 0 : t->m[i].held;
}

uint64_t tlrel_acked(const struct tlrel *t, uint32_t from, uint32_t id)
{
	int f = slot(t, from), i = slot(t, id);

	return f < 0 || i < 0 ? 0 : t->m[i].acks[f];
}

/* Whether member @i's frame @seq, submitted at @submit, is held by every
 * member counted at @submit: itself, this host (which has it), and each
 * other one by its acks.
 */
static bool stable(const struct tlrel *t, int i, uint64_t seq, int64_t submit)
{
	int j;

	for (j = 0; j < TLREL_MEMBERS; j++) {
		const struct tlrel_member *o = &t->m[j];

		if (!o->id || (o->cut && !(o->hold & 1u << i)) || j == i || o->id == t->self ||
		    o->join > submit)
			continue;
		if (t->m[i].acks[j] < seq)
			return false;
	}
	return true;
}

int64_t tlrel_frontier(struct tlrel *t)
{
	int64_t f = INT64_MAX, promise, s;
	struct tlrel_member *m;
	bool any = false;
	int i;

	for (i = 0; i < TLREL_MEMBERS; i++) {
		m = &t->m[i];
		if (!m->id)
			continue;
		any = true;
		promise = m->join > m->mark ? m->join - 1 : m->mark;
		if (promise < f && !m->cut)
			f = promise;
		/* the stable ones are a prefix: acks count frames in order */
		while (m->len) {
			s = m->unstable[m->head];
			if (!stable(t, i, m->held - m->len + 1, s))
				break;
			m->head = (m->head + 1) % TLREL_UNSTABLE;
			m->len--;
		}
	}
	for (i = 0; i < TLREL_MEMBERS; i++) {
		m = &t->m[i];
		if (m->id && m->len && m->unstable[m->head] - 1 < f)
			f = m->unstable[m->head] - 1;
	}
	if (!any || f < t->frontier)
		return t->frontier;
	t->frontier = f;
	return f;
}
