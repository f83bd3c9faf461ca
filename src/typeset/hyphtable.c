#include "typeset/hyphtable.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "typeset/patterns.h"

static char *pool_string(const hyph_compiled_level *level, int32_t offset)
{
	return offset < 0 ? NULL : (char *)level->pool + offset;
}

static HyphenDict *build_level(const hyph_compiled_level *level)
{
	HyphenDict *d = xcalloc(1, sizeof *d);
	d->lhmin = level->lhmin;
	d->rhmin = level->rhmin;
	d->clhmin = level->clhmin;
	d->crhmin = level->crhmin;
	d->nohyphen = pool_string(level, level->nohyphen);
	d->nohyphenl = level->nohyphenl;
	d->utf8 = level->utf8;
	snprintf(d->cset, sizeof d->cset, "%s", level->cset);
	d->num_states = level->num_states;
	d->states = xcalloc((size_t)level->num_states, sizeof *d->states);
	for (int32_t i = 0; i < level->num_states; i++) {
		const hyph_compiled_state *s = &level->states[i];
		d->states[i] = (HyphenState){
			.match = pool_string(level, s->match),
			.repl = pool_string(level, s->repl),
			.replindex = s->replindex,
			.replcut = s->replcut,
			.fallback_state = s->fallback_state,
			.num_trans = s->num_trans,
			.trans = s->num_trans ? level->trans + s->first_trans : NULL,
		};
	}
	return d;
}

HyphenDict *hyph_table_dict(const char *raw, size_t len)
{
	const hyph_compiled_table *table = NULL;
	uint64_t fingerprint = 0;
	for (size_t i = 0; i < hyph_compiled_count && !table; i++) {
		if (hyph_compiled_tables[i].size != len)
			continue;
		if (!fingerprint)
			fingerprint = patterns_fingerprint(raw, len);
		if (hyph_compiled_tables[i].fingerprint == fingerprint)
			table = &hyph_compiled_tables[i];
	}
	if (!table || table->nlevels == 0)
		return NULL;
	HyphenDict *first = NULL, **link = &first;
	for (size_t i = 0; i < table->nlevels; i++) {
		*link = build_level(&table->levels[i]);
		link = &(*link)->nextlevel;
	}
	return first;
}

void hyph_table_free(HyphenDict *dict)
{
	while (dict) {
		HyphenDict *next = dict->nextlevel;
		free(dict->states);
		free(dict);
		dict = next;
	}
}
