#ifndef AT_TEXT_EMO_INT_H
#define AT_TEXT_EMO_INT_H

/*
 * What the emotion model (emotions.c) and its training (emo_train.c) share:
 * the layout of the weights file, the feature seeds, and the pieces of the
 * model that training runs as the engine does, so thresholds meet the same
 * numbers. For those two files only.
 */
#include <stddef.h>
#include <stdint.h>

#include "text/text_int.h"

#define FEATURE_VERSION 2
#define NET_FLOATS      (EMO_DIM * EMO_HIDDEN + EMO_HIDDEN + EMO_HIDDEN * AT_EMO_COUNT + AT_EMO_COUNT)
#define HEADER_BYTES                                                                               \
    (8 + 7 * 4 + 3 * 4 * AT_EMO_COUNT + 4 * AT_EKMAN_COUNT + 4 * EMO_DIM + 4 * NET_FLOATS)
#define STACK_FLOATS (AT_EMO_COUNT * (EMO_STACK_IN + 1))
#define THRESHOLD_AT (8 + 7 * 4 + 2 * 4 * AT_EMO_COUNT) /* where the thresholds are in the file */
#define FILE_ROW     (AT_EMO_COUNT + EMO_DIM)           /* bytes of a row in the file */
/* floats of the dense layers and the second stage in memory, the labels padded to EMO_LANES */
#define NET_BLOCK    (EMO_DIM * EMO_HIDDEN + EMO_HIDDEN + EMO_HIDDEN * EMO_LANES + EMO_LANES)
#define DEFAULT_BITS 20
#define GROUP_OFF    2.0f /* a group threshold that is not used (those used are at most 1) */

/* Seeds that keep feature kinds apart in the hash space. */
#define SEED_NEG  0x9E3779B97F4A7C15ULL
#define SEED_PAIR 0xC2B2AE3D27D4EB4FULL
#define SEED_LEX  0x165667B19E3779F9ULL
#define SEED_STEM 0x51ED270B27D4EB4FULL

/* Words this long also count by their first STEM_BYTES bytes: "disappointed", "disappointing" */
#define STEM_MIN_BYTES 7
#define STEM_BYTES     5

/* Set bits of x, without a library call on CPUs where that is what the builtin becomes. */
static inline uint32_t popcount32(uint32_t x)
{
    x = x - ((x >> 1) & 0x55555555u);
    x = (x & 0x33333333u) + ((x >> 2) & 0x33333333u);
    x = (x + (x >> 4)) & 0x0F0F0F0Fu;
    return (x * 0x01010101u) >> 24;
}

/* The row of bucket b, or -1 when no training text used it. */
static inline int32_t row_of(const struct emo_model *m, uint32_t b)
{
    uint64_t slot = m->slots[b >> 5];
    uint32_t used = (uint32_t)slot, bit = 1u << (b & 31);

    if (!(used & bit))
        return -1;
    return (int32_t)((uint32_t)(slot >> 32) + popcount32(used & (bit - 1)));
}

/* The groups (bit set) that the labels in `labels` belong to. */
uint32_t text_emo_group_bits(uint32_t labels, const uint8_t *group_of);

float text_emo_sigmoid(float x);

/* The 28 probabilities from the rows of a text's features (-1: no row). */
void text_emo_model_probs(const struct emo_model *m, const uint32_t *rows, size_t n, float *p);

/* FNV-1a 32 of `n` bytes: the weights file's checksum. */
uint32_t text_emo_fnv32(const uint8_t *p, size_t n);

#endif
