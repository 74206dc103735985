#ifndef AT_EMBED_H
#define AT_EMBED_H

#include <stddef.h>

/*
 * Files compiled into the binary by scripts/embed.sh. Each table ends with a
 * row whose name is NULL; `data` is followed by a NUL byte not counted in `len`.
 */
struct at_embedded {
    const char *name;
    const unsigned char *data;
    size_t len;
};

/* The migrations of src/store/schema, by file name ("0001_init.sql"), in order. */
extern const struct at_embedded at_schema_files[];

/* The web app of web/, by path under web/ ("app/index.html"). */
extern const struct at_embedded at_web_files[];

/* The text engine's data of data/ ("lexicon.tsv", "emotions.bin"). */
extern const struct at_embedded at_data_files[];

#endif
