#ifndef AT_MEM_H
#define AT_MEM_H

#include <stddef.h>

/* malloc, calloc, realloc and strdup that abort with a message when memory runs out. */
void *at_xmalloc(size_t n);
void *at_xcalloc(size_t count, size_t n);
void *at_xrealloc(void *p, size_t n);
char *at_xstrdup(const char *s);
char *at_xstrndup(const char *s, size_t n);

#endif
