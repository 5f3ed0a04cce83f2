/* libFuzzer target: the state parser. Bytes in, a parsed state or an
 * error message out; no terminal, no files. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "winddown/state.h"
#include "winddown/util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct state st;
	char        *text, *cause = NULL;
	int          rc, i;

	/* state_parse takes a length but libconfig reads a C string. */
	text = xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	rc = state_parse(&st, text, size, "state.cfg", &cause);
	if (rc == 0) {
		/* What every command does next with a loaded state. */
		if (cause != NULL)
			abort(); /* success leaves no message */
		for (i = 1; i < st.nnights; i++) {
			if (st.nights[i].date <= st.nights[i - 1].date)
				abort(); /* nights must come sorted, unique */
		}
		for (i = 0; i < st.nnights; i++) {
			if (state_night(&st, st.nights[i].date) != &st.nights[i])
				abort();
		}
		(void)state_day_ticks(&st, 1);
		state_free(&st);
	} else if (cause == NULL || cause[0] == '\0')
		abort(); /* a failure always says why */
	free(cause);
	free(text);
	return 0;
}
