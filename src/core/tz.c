/* A small reader of TZif files (RFC 8536), version 2 and later, 64-bit data. */
#include "core/tz.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/mem.h"

#include "core/banned.h"

#define ZONEINFO "/usr/share/zoneinfo/"
#define MAX_FILE (1 << 20)

struct at_tz {
    char name[64];
    size_t n;        /* transitions */
    int64_t *at;     /* transition instants, seconds UTC, ascending */
    int32_t *offset; /* offset in force from at[i] on */
    int32_t before;  /* offset before the first transition */
};

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static int64_t be64(const unsigned char *p)
{
    return (int64_t)((uint64_t)be32(p) << 32 | be32(p + 4));
}

static bool valid_name(const char *name)
{
    size_t n = strlen(name);

    if (n == 0 || n >= 64 || name[0] == '/' || strstr(name, ".."))
        return false;
    for (const char *p = name; *p; p++)
        if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '/' || *p == '_' || *p == '-' || *p == '+'))
            return false;
    return true;
}

/* Parses the 64-bit part of a TZif file into `tz`. Returns false when the file is malformed. */
static bool parse(struct at_tz *tz, const unsigned char *p, size_t len)
{
    uint32_t isut, isstd, leap, timecnt, typecnt, charcnt;
    const unsigned char *data, *types, *info;
    size_t v1;

    if (len < 44 || memcmp(p, "TZif", 4) != 0 || p[4] < '2')
        return false;
    /* skip the 32-bit block: header counts, then its data */
    isut = be32(p + 20), isstd = be32(p + 24), leap = be32(p + 28);
    timecnt = be32(p + 32), typecnt = be32(p + 36), charcnt = be32(p + 40);
    v1 = 44 + (size_t)timecnt * 5 + (size_t)typecnt * 6 + charcnt + (size_t)leap * 8 + isstd + isut;
    if (v1 + 44 > len)
        return false;
    p += v1;
    len -= v1;
    if (memcmp(p, "TZif", 4) != 0)
        return false;
    isut = be32(p + 20), isstd = be32(p + 24), leap = be32(p + 28);
    timecnt = be32(p + 32), typecnt = be32(p + 36), charcnt = be32(p + 40);
    if (typecnt == 0 || typecnt > 256 || timecnt > 100000 ||
        44 + (size_t)timecnt * 9 + (size_t)typecnt * 6 > len)
        return false;
    data = p + 44;
    types = data + (size_t)timecnt * 8;
    info = types + timecnt;
    (void)charcnt;
    tz->n = timecnt;
    tz->at = at_xcalloc(timecnt + 1, sizeof(*tz->at));
    tz->offset = at_xcalloc(timecnt + 1, sizeof(*tz->offset));
    for (uint32_t i = 0; i < timecnt; i++) {
        unsigned t = types[i];

        if (t >= typecnt)
            return false;
        tz->at[i] = be64(data + (size_t)i * 8);
        tz->offset[i] = (int32_t)be32(info + (size_t)t * 6);
        if (i && tz->at[i] <= tz->at[i - 1])
            return false;
    }
    /* before the first transition: the first standard-time type (RFC 8536 3.2) */
    tz->before = (int32_t)be32(info);
    return true;
}

struct at_tz *at_tz_load(const char *name, struct at_errinfo *e)
{
    char path[128];
    struct at_tz *tz;
    unsigned char *buf = NULL;
    size_t len = 0;
    FILE *f;

    if (!name || !valid_name(name)) {
        at_errinfo_set(e, AT_EINVAL, "time_zone",
                       "'%s' is not a time zone name; use one like Europe/Berlin or UTC",
                       name ? name : "");
        return NULL;
    }
    tz = at_xcalloc(1, sizeof(*tz));
    snprintf(tz->name, sizeof(tz->name), "%s", name);
    if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0)
        return tz; /* no transitions, offset 0 */
    snprintf(path, sizeof(path), ZONEINFO "%s", name);
    f = fopen(path, "rb");
    if (!f) {
        at_errinfo_set(e, errno == ENOENT ? AT_EINVAL : AT_EIO, "time_zone",
                       "unknown time zone '%s' (is the tzdata package installed?)", name);
        free(tz);
        return NULL;
    }
    buf = at_xmalloc(MAX_FILE);
    len = fread(buf, 1, MAX_FILE, f);
    fclose(f);
    if (!parse(tz, buf, len)) {
        at_errinfo_set(e, AT_EIO, "time_zone", "the zone file %s is damaged", path);
        free(buf);
        at_tz_free(tz);
        return NULL;
    }
    free(buf);
    return tz;
}

void at_tz_free(struct at_tz *tz)
{
    if (!tz)
        return;
    free(tz->at);
    free(tz->offset);
    free(tz);
}

const char *at_tz_name(const struct at_tz *tz)
{
    return tz->name;
}

int32_t at_tz_offset(const struct at_tz *tz, int64_t utc_ms)
{
    int64_t t = utc_ms >= 0 ? utc_ms / 1000 : -((-utc_ms + 999) / 1000);
    size_t lo = 0, hi = tz->n;

    if (tz->n == 0 || t < tz->at[0])
        return tz->n ? tz->before : 0;
    /* the last transition at or before t */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;

        if (tz->at[mid] <= t)
            lo = mid;
        else
            hi = mid;
    }
    return tz->offset[lo];
}

int64_t at_tz_to_utc(const struct at_tz *tz, int64_t local_ms)
{
    /* try the offsets in force around the moment; take the first that maps back */
    int32_t a = at_tz_offset(tz, local_ms - 14LL * 3600 * 1000);
    int32_t b = at_tz_offset(tz, local_ms + 14LL * 3600 * 1000);
    int64_t ua = local_ms - (int64_t)a * 1000, ub = local_ms - (int64_t)b * 1000;
    bool ok_a = at_tz_offset(tz, ua) == a, ok_b = at_tz_offset(tz, ub) == b;

    if (ok_a && ok_b)
        return ua < ub ? ua : ub; /* overlap: the earlier instant */
    if (ok_a)
        return ua;
    if (ok_b)
        return ub;
    /* a gap: the wall time does not exist; it is the moment the gap ends */
    return local_ms - (int64_t)(a < b ? a : b) * 1000;
}
