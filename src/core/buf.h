#ifndef AT_BUF_H
#define AT_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * struct at_buf: a growable byte buffer with a hard size cap. `data` is never
 * NULL and always NUL-terminated after AT_BUF_INIT() or at_buf_init(). An
 * append past `max` fails with AT_ETOOBIG and leaves the buffer as it was.
 * Out of memory aborts.
 */
struct at_buf {
    char *data;
    size_t len; /* bytes in use, without the NUL */
    size_t cap; /* bytes allocated; 0 while `data` is the shared empty string */
    size_t max; /* hard limit for len */
};

extern char at_buf_empty[1];

#define AT_BUF_INIT(limit) ((struct at_buf){.data = at_buf_empty, .max = (limit)})

/* A cap for buffers that only hold what the program itself makes. */
#define AT_BUF_NOLIMIT ((size_t)1 << 40)

/* Sets `b` up empty with the cap `max`. */
void at_buf_init(struct at_buf *b, size_t max);

/* Frees the storage; `b` is left empty and usable, with the same cap. */
void at_buf_release(struct at_buf *b);

/* Empties `b` but keeps its storage for reuse. */
void at_buf_reset(struct at_buf *b);

/* Makes room for `extra` more bytes. Returns 0, or AT_ETOOBIG past the cap. */
int at_buf_grow(struct at_buf *b, size_t extra);

/* Appends `n` bytes from `p`. Returns 0, or AT_ETOOBIG past the cap. */
int at_buf_add(struct at_buf *b, const void *p, size_t n);

/* Appends the NUL-terminated string `s`. Returns 0 or AT_ETOOBIG. */
int at_buf_adds(struct at_buf *b, const char *s);

/* Appends one byte. Returns 0 or AT_ETOOBIG. */
int at_buf_addch(struct at_buf *b, char c);

/* Appends printf-style output. Returns 0 or AT_ETOOBIG (nothing appended). */
int at_buf_addf(struct at_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int at_buf_vaddf(struct at_buf *b, const char *fmt, va_list ap);

/* Shortens `b` to `len` bytes (no-op if already shorter). */
void at_buf_truncate(struct at_buf *b, size_t len);

/*
 * Gives the storage to the caller, who must free() it; `b` is left empty.
 * `len` (may be NULL) receives the length. Never returns NULL.
 */
char *at_buf_detach(struct at_buf *b, size_t *len);

#endif
