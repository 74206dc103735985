/*
 * attune analyze, attune coach, attune train: the text engine on the command
 * line. With --jsonl they speak the JSON Lines of the evaluation protocol
 * (one object in, one object out, per line); on a terminal they print a
 * readable view with the evidence highlighted; otherwise one JSON object.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <jansson.h>

#include "cli/cli.h"
#include "cli/commands.h"
#include "core/buf.h"
#include "core/mem.h"
#include "core/str.h"
#include "text/text.h"

#include "core/banned.h"

#define STDIN_MAX      ((size_t)64 << 20) /* a whole-input read; the engine reads 64 KiB of it */
#define LINE_MAX_BYTES ((size_t)4 << 20)

/* Reads all of `f` (at most `max` bytes). Returns 0, AT_ETOOBIG or AT_EIO. */
static int read_all(FILE *f, size_t max, struct at_buf *out)
{
    char chunk[65536];
    size_t n;

    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
        if (out->len + n > max)
            return AT_ETOOBIG;
        if (at_buf_add(out, chunk, n) != 0)
            return AT_ETOOBIG;
    }
    return ferror(f) ? AT_EIO : 0;
}

/* Joins argv[1..n] with spaces. */
static void join_args(char **argv, int n, struct at_buf *out)
{
    for (int i = 1; i <= n; i++) {
        if (i > 1)
            at_buf_addch(out, ' ');
        at_buf_adds(out, argv[i]);
    }
}

static struct at_text_engine *load_engine(const char *cmd, const char *dir)
{
    struct at_errinfo e = {0};
    struct at_text_engine *eng = at_text_load(dir, &e);

    if (!eng)
        at_cli_fail(cmd, "%s", e.msg);
    return eng;
}

/* ---- the terminal view ---- */

#define C_RESET   "\033[0m"
#define C_BOLD    "\033[1m"
#define C_DIM     "\033[2m"
#define C_RED     "\033[31m"
#define C_GREEN   "\033[32m"
#define C_YELLOW  "\033[33m"
#define C_MAGENTA "\033[35m"
#define C_UNDER   "\033[4m"

static const char *colour_of(const struct at_evidence *e)
{
    switch (e->signal) {
    case AT_SIG_POLARITY:
        return e->weight < 0 ? C_RED : C_GREEN;
    case AT_SIG_URGENCY:
        return C_YELLOW;
    case AT_SIG_RISK:
        return C_MAGENTA C_BOLD;
    case AT_SIG_EMOTION:
        return C_UNDER;
    default:
        return C_DIM C_UNDER;
    }
}

/* Prints `text` with each evidence span coloured (the first span wins where they overlap). */
static void print_highlighted(FILE *out, const char *text, size_t n, const struct at_analysis *a,
                              bool colour)
{
    size_t i = 0;

    if (n > AT_TEXT_MAX_BYTES)
        n = AT_TEXT_MAX_BYTES;
    while (i < n) {
        const struct at_evidence *best = NULL;
        size_t next = n;

        for (size_t k = 0; k < a->n_evidence; k++) {
            const struct at_evidence *e = &a->evidence[k];

            if (e->start == i && e->end > i && (!best || e->end > best->end))
                best = e;
            else if (e->start > i && e->start < next)
                next = e->start;
        }
        if (best && best->end <= n) {
            if (colour)
                fprintf(out, "%s", colour_of(best));
            else
                fputc('[', out);
            fwrite(text + i, 1, best->end - i, out);
            fprintf(out, "%s", colour ? C_RESET : "]");
            i = best->end;
        } else {
            fwrite(text + i, 1, next - i, out);
            i = next;
        }
    }
    fputc('\n', out);
}

static void print_analysis(FILE *out, const char *text, size_t n, const struct at_analysis *a,
                           bool colour)
{
    fprintf(out, "%s", colour ? C_BOLD : "");
    fprintf(out, "polarity   %+.2f %s\n", a->polarity,
            a->polarity > 0.05f    ? "positive"
            : a->polarity < -0.05f ? "negative"
                                   : "neutral");
    fprintf(out, "%s", colour ? C_RESET : "");
    fprintf(out, "emotions  ");
    for (int l = 0; l < AT_EMO_COUNT; l++) {
        if (a->emotions_present & (1u << l))
            fprintf(out, " %s (%.2f)", at_text_emotion_name((enum at_emotion)l), a->emotion[l]);
    }
    fprintf(out, "\nservice   ");
    for (int s = 0; s < AT_SVC_COUNT; s++) {
        if (a->service_present & (1u << s))
            fprintf(out, " %s", at_text_service_name((enum at_service)s));
    }
    if (!a->service_present)
        fprintf(out, " -");
    fprintf(out, "\nurgency    %.2f\n", a->urgency);
    if (a->risk != AT_RISK_NONE)
        fprintf(out, "risk       %s (%.2f): %s\n", at_text_risk_name(a->risk), a->risk_score,
                a->risk_reason ? a->risk_reason : "");
    else
        fprintf(out, "risk       none\n");
    fprintf(out, "complaint  %s\n", a->complaint ? "yes" : "no");
    if (a->truncated)
        fprintf(out, "note       only the first %d bytes were read\n", AT_TEXT_MAX_BYTES);
    fprintf(out, "\n");
    print_highlighted(out, text, n, a, colour);
    if (colour)
        fprintf(out, "\n" C_DIM "green/red: polarity words, underlined: emotion words, yellow: "
                     "urgency, magenta: risk" C_RESET "\n");
}

/* ---- JSON Lines ---- */

/*
 * What a protocol line says: the id as JSON text (as it will be echoed) and
 * the strings the commands read (NULL when absent or not a string). The
 * strings point into the line or into the arena.
 */
struct jl_line {
    const char *id; /* NULL: no id ("null" is echoed) */
    size_t id_n;
    const char *text, *customer, *reply, *name;
    size_t text_n, customer_n, reply_n, name_n;
};

/*
 * The lean reader: the protocol's lines are flat objects of strings and
 * integers, and building a jansson tree for each one cost as much as
 * analysing it. It accepts exactly that shape (top-level string, integer,
 * true, false and null values; keys without escapes) and says "not mine"
 * (false) for anything else, valid or not, which then goes through jansson
 * as before, so that both the results and the error messages stay the same.
 */
static const char *jl_ws(const char *p, const char *end)
{
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    return p;
}

static int jl_hex4(const char *p)
{
    int v = 0;

    for (int i = 0; i < 4; i++) {
        char c = p[i];

        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= c - '0';
        else if (c >= 'a' && c <= 'f')
            v |= c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            v |= c - 'A' + 10;
        else
            return -1;
    }
    return v;
}

static size_t jl_put_utf8(char *o, uint32_t cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/*
 * Reads the string whose opening quote is at *pp. With `arena`, sets *v and *n to
 * its value (unescaped into the arena when it has escapes). Returns false for
 * what the lean reader leaves to jansson; *escaped says whether it had escapes.
 */
static bool jl_string(const char **pp, const char *end, struct at_arena *arena, const char **v,
                      size_t *n, bool *escaped)
{
    const char *p = *pp + 1, *s = p;
    char *o, *o0;

    while (p < end && *p != '"' && *p != '\\') {
        if ((unsigned char)*p < 0x20)
            return false;
        p++;
    }
    if (p >= end)
        return false;
    *escaped = *p == '\\';
    if (!*escaped) {
        *v = s;
        *n = (size_t)(p - s);
        *pp = p + 1;
        return true;
    }
    /* escapes: the value is at most as long as its source */
    o = o0 = arena ? at_arena_alloc(arena, (size_t)(end - s) + 1) : NULL;
    if (o) {
        memcpy(o, s, (size_t)(p - s));
        o += p - s;
    }
    while (p < end && *p != '"') {
        char c = *p;
        char u[4];
        size_t ul = 1;

        if ((unsigned char)c < 0x20)
            return false;
        if (c != '\\') {
            u[0] = c;
            p++;
        } else {
            if (p + 1 >= end)
                return false;
            c = p[1];
            p += 2;
            switch (c) {
            case '"':
            case '\\':
            case '/':
                u[0] = c;
                break;
            case 'b':
                u[0] = '\b';
                break;
            case 'f':
                u[0] = '\f';
                break;
            case 'n':
                u[0] = '\n';
                break;
            case 'r':
                u[0] = '\r';
                break;
            case 't':
                u[0] = '\t';
                break;
            case 'u': {
                int h = end - p >= 4 ? jl_hex4(p) : -1;
                uint32_t cp;

                if (h <= 0 || (h >= 0xDC00 && h <= 0xDFFF))
                    return false; /* \u0000 and lone low surrogates: jansson's errors */
                p += 4;
                cp = (uint32_t)h;
                if (h >= 0xD800 && h <= 0xDBFF) {
                    int lo = end - p >= 6 && p[0] == '\\' && p[1] == 'u' ? jl_hex4(p + 2) : -1;

                    if (lo < 0xDC00 || lo > 0xDFFF)
                        return false;
                    p += 6;
                    cp = 0x10000 + (((uint32_t)h - 0xD800) << 10) + ((uint32_t)lo - 0xDC00);
                }
                ul = jl_put_utf8(u, cp);
                break;
            }
            default:
                return false;
            }
        }
        if (o) {
            memcpy(o, u, ul);
            o += ul;
        }
    }
    if (p >= end)
        return false;
    if (o0) {
        *o = 0;
        *v = o0;
        *n = (size_t)(o - o0);
    }
    *pp = p + 1;
    return true;
}

/* An integer that fits in 64 bits, in JSON's grammar; false for anything else. */
static bool jl_integer(const char **pp, const char *end)
{
    const char *p = *pp;
    const char *d;
    uint64_t v = 0;
    bool neg = false;

    if (p < end && *p == '-') {
        neg = true;
        p++;
    }
    d = p;
    while (p < end && *p >= '0' && *p <= '9') {
        unsigned digit = (unsigned)(*p - '0');

        if (v > (UINT64_MAX - digit) / 10)
            return false;
        v = v * 10 + digit;
        p++;
    }
    if (p == d || (p - d > 1 && *d == '0'))
        return false;
    if (p < end && (*p == '.' || *p == 'e' || *p == 'E'))
        return false; /* a real: left to jansson */
    if (v > (neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX))
        return false;
    *pp = p;
    return true;
}

static bool jl_literal(const char **pp, const char *end)
{
    static const char *const lits[] = {"true", "false", "null"};

    for (int i = 0; i < 3; i++) {
        size_t l = strlen(lits[i]);

        if ((size_t)(end - *pp) >= l && memcmp(*pp, lits[i], l) == 0) {
            *pp += l;
            return true;
        }
    }
    return false;
}

static bool jl_parse(const char *line, size_t len, struct at_arena *arena, struct jl_line *out)
{
    const char *p = line, *end = line + len;

    memset(out, 0, sizeof(*out));
    for (size_t i = 0; i < len; i++) {
        /* the full check only for lines that are not all ASCII */
        if ((unsigned char)line[i] >= 0x80) {
            if (!at_utf8_valid(line, len))
                return false;
            break;
        }
    }
    p = jl_ws(p, end);
    if (p >= end || *p != '{')
        return false;
    p = jl_ws(p + 1, end);
    if (p < end && *p == '}') {
        p++;
    } else {
        for (;;) {
            const char *k, *vs, *sv = NULL;
            size_t kn, sn = 0;
            bool esc, is_str = false;

            if (p >= end || *p != '"' || !jl_string(&p, end, NULL, &k, &kn, &esc) || esc)
                return false;
            p = jl_ws(p, end);
            if (p >= end || *p != ':')
                return false;
            p = jl_ws(p + 1, end);
            vs = p;
            if (p < end && *p == '"') {
                if (!jl_string(&p, end, arena, &sv, &sn, &esc))
                    return false;
                is_str = true;
            } else if (p < end && (*p == '-' || (*p >= '0' && *p <= '9'))) {
                if (!jl_integer(&p, end))
                    return false;
            } else if (!jl_literal(&p, end)) {
                return false;
            }
            if (kn == 2 && memcmp(k, "id", 2) == 0) {
                if (is_str && esc)
                    return false; /* echoed as jansson would write it: left to jansson */
                out->id = vs;
                out->id_n = (size_t)(p - vs);
                if (out->id_n == 2 && memcmp(vs, "-0", 2) == 0) {
                    out->id = "0";
                    out->id_n = 1;
                }
            } else {
                static const struct {
                    const char *key;
                    size_t off_v, off_n;
                } want[] = {
                    {"text", offsetof(struct jl_line, text), offsetof(struct jl_line, text_n)},
                    {"customer", offsetof(struct jl_line, customer),
                     offsetof(struct jl_line, customer_n)},
                    {"reply", offsetof(struct jl_line, reply), offsetof(struct jl_line, reply_n)},
                    {"name", offsetof(struct jl_line, name), offsetof(struct jl_line, name_n)},
                };

                for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
                    if (strlen(want[i].key) == kn && memcmp(want[i].key, k, kn) == 0) {
                        /* the last of repeated keys counts, as in jansson */
                        *(const char **)((char *)out + want[i].off_v) = is_str ? sv : NULL;
                        *(size_t *)((char *)out + want[i].off_n) = is_str ? sn : 0;
                    }
                }
            }
            p = jl_ws(p, end);
            if (p < end && *p == ',') {
                p = jl_ws(p + 1, end);
                continue;
            }
            if (p < end && *p == '}') {
                p++;
                break;
            }
            return false;
        }
    }
    return jl_ws(p, end) == end;
}

/* The same fields from a jansson object (the id rendered into the arena). */
static void jl_from_json(json_t *obj, struct at_arena *arena, struct jl_line *out)
{
    static const char *const keys[] = {"text", "customer", "reply", "name"};
    const char **vals[] = {&out->text, &out->customer, &out->reply, &out->name};
    size_t *lens[] = {&out->text_n, &out->customer_n, &out->reply_n, &out->name_n};
    json_t *id = json_object_get(obj, "id");

    memset(out, 0, sizeof(*out));
    if (id && json_is_integer(id)) {
        out->id = at_arena_printf(arena, "%lld", (long long)json_integer_value(id));
        out->id_n = strlen(out->id);
    } else if (id) {
        char *s = json_dumps(id, JSON_ENCODE_ANY | JSON_COMPACT);

        if (s) {
            out->id = at_arena_strdup(arena, s);
            out->id_n = strlen(s);
        }
        free(s);
    }
    for (size_t i = 0; i < 4; i++) {
        json_t *v = json_object_get(obj, keys[i]);

        if (json_is_string(v)) {
            *vals[i] = json_string_value(v);
            *lens[i] = json_string_length(v);
        }
    }
}

/* Writes {"id": ... (null when absent). */
static void put_id(struct at_buf *b, const struct jl_line *l)
{
    at_buf_add(b, "{\"id\":", 6);
    if (l && l->id)
        at_buf_add(b, l->id, l->id_n);
    else
        at_buf_add(b, "null", 4);
}

static void put_error(struct at_buf *b, const struct jl_line *l, const char *msg)
{
    json_t *m = json_string(msg);
    char *s = m ? json_dumps(m, JSON_ENCODE_ANY) : NULL;

    put_id(b, l);
    at_buf_addf(b, ",\"error\":%s}\n", s ? s : "\"error\"");
    free(s);
    json_decref(m);
}

typedef int line_fn(const struct at_text_engine *eng, const struct jl_line *l,
                    struct at_arena *arena, struct at_buf *out, const char **err);

/* Appends the members of the object that `json` wrote (without its braces' opening). */
static void splice_members(struct at_buf *out, size_t at)
{
    memmove(out->data + at, out->data + at + 1, out->len - at - 1);
    out->len--;
    out->data[out->len] = 0;
}

static int analyze_line(const struct at_text_engine *eng, const struct jl_line *l,
                        struct at_arena *arena, struct at_buf *out, const char **err)
{
    struct at_analysis a;
    int ret;

    if (!l->text) {
        *err = "each line needs a \"text\" string";
        return AT_EINVAL;
    }
    ret = at_text_analyze(eng, l->text, l->text_n, arena, &a);
    if (ret == AT_EUTF8)
        *err = "the text is not valid UTF-8";
    else if (ret != 0)
        *err = "the text is empty";
    if (ret != 0)
        return ret;
    at_buf_addch(out, ',');
    /* splice the analysis object's members after the id */
    {
        size_t at = out->len;

        at_text_analysis_json(&a, out);
        splice_members(out, at);
    }
    return 0;
}

static int coach_line(const struct at_text_engine *eng, const struct jl_line *l,
                      struct at_arena *arena, struct at_buf *out, const char **err)
{
    struct at_coaching c;
    int ret;

    if (!l->reply) {
        *err = "each line needs a \"reply\" string (and usually a \"customer\" string)";
        return AT_EINVAL;
    }
    ret = at_text_coach(eng, l->customer, l->customer ? l->customer_n : 0, l->reply, l->reply_n,
                        l->name, arena, &c);
    if (ret == AT_EUTF8)
        *err = "the text is not valid UTF-8";
    else if (ret != 0)
        *err = "the reply is empty";
    if (ret != 0)
        return ret;
    at_buf_addch(out, ',');
    {
        size_t at = out->len;

        at_text_coaching_json(&c, out);
        splice_members(out, at);
    }
    return 0;
}

static int run_jsonl(const char *cmd, const struct at_text_engine *eng, line_fn *fn)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct at_buf out = AT_BUF_INIT(AT_BUF_NOLIMIT);
    char *line = NULL;
    size_t cap = 0, lineno = 0, errors = 0;
    ssize_t len;
    int ret = 0;

    while ((len = getline(&line, &cap, stdin)) >= 0) {
        struct jl_line l;
        json_t *obj = NULL;
        const char *err = NULL;
        size_t mark;

        lineno++;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            len--;
        if (len == 0)
            continue;
        if ((size_t)len > LINE_MAX_BYTES) {
            put_error(&out, NULL, "line longer than 4 MiB");
            errors++;
            continue;
        }
        if (!jl_parse(line, (size_t)len, &arena, &l)) {
            json_error_t jerr;

            at_arena_reset(&arena);
            obj = json_loadb(line, (size_t)len, 0, &jerr);
            if (!json_is_object(obj)) {
                char msg[300];

                snprintf(msg, sizeof(msg), "line %zu is not a JSON object: %s", lineno, jerr.text);
                put_error(&out, NULL, msg);
                errors++;
                json_decref(obj);
                continue;
            }
            jl_from_json(obj, &arena, &l);
        }
        mark = out.len;
        put_id(&out, &l);
        if (fn(eng, &l, &arena, &out, &err) != 0) {
            at_buf_truncate(&out, mark);
            put_error(&out, &l, err ? err : "cannot read this line");
            errors++;
        } else {
            at_buf_addch(&out, '\n'); /* the result's own closing brace ends the object */
        }
        json_decref(obj);
        at_arena_reset(&arena);
        if (out.len >= 1 << 16) {
            fwrite(out.data, 1, out.len, stdout);
            at_buf_reset(&out);
        }
    }
    fwrite(out.data, 1, out.len, stdout);
    if (fflush(stdout) != 0) {
        at_cli_fail(cmd, "cannot write the output: %s", strerror(errno));
        ret = 1;
    }
    if (errors) {
        fprintf(stderr, "attune %s: %zu of %zu lines had errors (see their \"error\")\n", cmd,
                errors, lineno);
        ret = 1;
    }
    free(line);
    at_buf_release(&out);
    at_arena_release(&arena);
    return ret;
}

/* Reads the text from the arguments or standard input into `b`. Returns 0 or prints why not. */
static int input_text(const char *cmd, struct at_cli *cli, char **argv, int npos, struct at_buf *b)
{
    struct at_errinfo e = {0};

    if (npos > 0) {
        join_args(argv, npos, b);
    } else {
        int r;

        if (cli->tty_in)
            fprintf(stderr, "(type the text, then Ctrl-D)\n");
        r = read_all(stdin, STDIN_MAX, b);
        if (r == AT_ETOOBIG)
            return at_cli_fail(cmd, "standard input is larger than 64 MiB");
        if (r != 0)
            return at_cli_fail(cmd, "cannot read standard input");
    }
    if (at_text_validate(b->data, b->len, &e) != 0)
        return at_cli_fail(cmd, "%s", e.msg);
    return 0;
}

int at_cmd_analyze(struct at_cli *cli, int argc, char **argv)
{
    const struct at_command *self = at_cli_find("analyze");
    const char *dir = NULL;
    bool jsonl = false, json = false;
    const struct at_opt opts[] = {
        {"jsonl", NULL, "read {\"id\",\"text\"} lines on stdin, write one result line each", NULL,
         &jsonl},
        {"json", NULL, "print one JSON object even on a terminal", NULL, &json},
        {"weights", "DIR", "load lexicon.tsv and emotions.bin from DIR, not the built-in copies",
         &dir, NULL},
        {NULL, NULL, NULL, NULL, NULL},
    };
    struct at_text_engine *eng = NULL;
    struct at_buf text = AT_BUF_INIT(STDIN_MAX);
    struct at_arena arena = AT_ARENA_INIT;
    struct at_analysis a;
    int npos, ret = 1;

    if (at_cli_parse(self, argc, argv, opts, &npos) != 0)
        return npos < 0 ? 0 : 2;
    if (jsonl && npos > 0) {
        fprintf(stderr, "attune analyze: --jsonl reads standard input; give no text arguments\n");
        return 2;
    }
    eng = load_engine("analyze", dir);
    if (!eng)
        return 1;
    if (jsonl) {
        ret = run_jsonl("analyze", eng, analyze_line);
        goto out;
    }
    if (input_text("analyze", cli, argv, npos, &text) != 0)
        goto out;
    if (at_text_analyze(eng, text.data, text.len, &arena, &a) != 0) {
        at_cli_fail("analyze", "cannot analyse this text");
        goto out;
    }
    if (cli->tty_out && !json) {
        print_analysis(stdout, text.data, text.len, &a, true);
    } else {
        struct at_buf o = AT_BUF_INIT(AT_BUF_NOLIMIT);

        at_text_analysis_json(&a, &o);
        printf("%s\n", o.data);
        at_buf_release(&o);
    }
    ret = 0;

out:
    at_arena_release(&arena);
    at_buf_release(&text);
    at_text_free(eng);
    return ret;
}

static void print_coaching(FILE *out, const char *reply, size_t n, const struct at_coaching *c,
                           bool colour)
{
    static const char *const st[] = {"n/a", "missing", "met", "clear", "FOUND"};

    fprintf(out, "%sscore %d/100%s   empathy: reaction %d, interpretation %d, exploration %d\n",
            colour ? C_BOLD : "", c->score, colour ? C_RESET : "", c->empathy[0], c->empathy[1],
            c->empathy[2]);
    if (c->emotion_word)
        fprintf(out, "customer: %s\n", c->emotion_word);
    fprintf(out, "\n");
    for (int r = 0; r < AT_RUB_COUNT; r++) {
        const char *col = "";

        if (c->rubric[r] == AT_RS_MET || c->rubric[r] == AT_RS_CLEAR)
            col = C_GREEN;
        else if (c->rubric[r] == AT_RS_MISSING || c->rubric[r] == AT_RS_FOUND)
            col = C_RED;
        else
            col = C_DIM;
        fprintf(out, "  %s%-13s %s%s\n", colour ? col : "", at_text_rubric_name((enum at_rubric)r),
                st[c->rubric[r] < 5 ? c->rubric[r] : 0], colour ? C_RESET : "");
    }
    if (c->n_suggestions)
        fprintf(out, "\nsuggestions:\n");
    for (size_t i = 0; i < c->n_suggestions; i++) {
        const struct at_suggestion *s = &c->suggestions[i];

        if (s->start == s->end)
            fprintf(out, "  %zu. at byte %u add: \"%s\"\n     (%s)\n", i + 1, s->start, s->text,
                    s->why);
        else
            fprintf(out, "  %zu. replace \"%.*s\" with \"%s\"\n     (%s)\n", i + 1,
                    (int)(s->end - s->start), reply + s->start, s->text, s->why);
    }
    (void)n;
}

int at_cmd_coach(struct at_cli *cli, int argc, char **argv)
{
    const struct at_command *self = at_cli_find("coach");
    const char *dir = NULL, *customer = NULL, *name = NULL;
    bool jsonl = false, json = false;
    const struct at_opt opts[] = {
        {"jsonl", NULL,
         "read {\"id\",\"customer\",\"reply\"[,\"name\"]} lines on stdin, write one result each",
         NULL, &jsonl},
        {"customer", "TEXT", "the customer message the reply answers", &customer, NULL},
        {"name", "NAME", "the customer's name, to greet by", &name, NULL},
        {"json", NULL, "print one JSON object even on a terminal", NULL, &json},
        {"weights", "DIR", "load lexicon.tsv and emotions.bin from DIR, not the built-in copies",
         &dir, NULL},
        {NULL, NULL, NULL, NULL, NULL},
    };
    struct at_text_engine *eng = NULL;
    struct at_buf text = AT_BUF_INIT(STDIN_MAX);
    struct at_arena arena = AT_ARENA_INIT;
    struct at_coaching c;
    struct at_errinfo e = {0};
    int npos, ret = 1;

    if (at_cli_parse(self, argc, argv, opts, &npos) != 0)
        return npos < 0 ? 0 : 2;
    if (jsonl && npos > 0) {
        fprintf(stderr, "attune coach: --jsonl reads standard input; give no text arguments\n");
        return 2;
    }
    if (customer && at_text_validate(customer, strlen(customer), &e) != 0)
        return at_cli_fail("coach", "--customer: %s", e.msg);
    eng = load_engine("coach", dir);
    if (!eng)
        return 1;
    if (jsonl) {
        ret = run_jsonl("coach", eng, coach_line);
        goto out;
    }
    if (input_text("coach", cli, argv, npos, &text) != 0)
        goto out;
    if (at_text_coach(eng, customer, customer ? strlen(customer) : 0, text.data, text.len, name,
                      &arena, &c) != 0) {
        at_cli_fail("coach", "cannot coach this reply");
        goto out;
    }
    if (cli->tty_out && !json) {
        print_coaching(stdout, text.data, text.len, &c, true);
    } else {
        struct at_buf o = AT_BUF_INIT(AT_BUF_NOLIMIT);

        at_text_coaching_json(&c, &o);
        printf("%s\n", o.data);
        at_buf_release(&o);
    }
    ret = 0;

out:
    at_arena_release(&arena);
    at_buf_release(&text);
    at_text_free(eng);
    return ret;
}

/* ---- training ---- */

/* Parses GoEmotions' TSV (text, comma-separated label ids, id). Strings point into `b`. */
static int read_goemotions(const char *path, struct at_buf *b, struct at_text_example **ex,
                           size_t *n)
{
    FILE *f = fopen(path, "rb");
    size_t cap = 0, line = 0;
    char *p, *end;

    *ex = NULL;
    *n = 0;
    if (!f)
        return at_cli_fail("train", "cannot open %s: %s", path, strerror(errno));
    if (read_all(f, STDIN_MAX, b) != 0) {
        fclose(f);
        return at_cli_fail("train", "cannot read %s", path);
    }
    fclose(f);
    p = b->data;
    end = b->data + b->len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        char *t1 = memchr(p, '\t', (size_t)(le - p));
        char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(le - t1 - 1)) : NULL;
        uint32_t labels = 0;

        line++;
        if (!t1) {
            if (le > p)
                goto bad;
            p = le + 1;
            continue;
        }
        if (!t2)
            t2 = le;
        for (char *q = t1 + 1; q < t2;) {
            long v = 0;
            char *s = q;

            while (q < t2 && *q >= '0' && *q <= '9')
                v = v * 10 + (*q++ - '0');
            if (q == s || v >= AT_EMO_COUNT)
                goto bad;
            labels |= 1u << v;
            if (q < t2 && *q == ',')
                q++;
            else if (q < t2)
                goto bad;
        }
        if (*n == cap) {
            cap = cap ? cap * 2 : 1024;
            *ex = at_xrealloc(*ex, cap * sizeof(**ex));
        }
        (*ex)[*n].text = p;
        (*ex)[*n].n = (size_t)(t1 - p);
        (*ex)[*n].labels = labels;
        (*n)++;
        p = le + 1;
        continue;
    bad:
        free(*ex);
        *ex = NULL;
        return at_cli_fail("train", "%s line %zu: expected TEXT<TAB>LABEL[,LABEL...]<TAB>ID", path,
                           line);
    }
    return 0;
}

static int write_file(const char *path, const char *data, size_t n)
{
    char tmp[4096];
    FILE *f;

    if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp", path) >= sizeof(tmp))
        return at_cli_fail("train", "the output path is too long");
    f = fopen(tmp, "wb");
    if (!f)
        return at_cli_fail("train", "cannot create %s: %s", tmp, strerror(errno));
    if (fwrite(data, 1, n, f) != n || fclose(f) != 0) {
        remove(tmp);
        return at_cli_fail("train", "cannot write %s", tmp);
    }
    if (rename(tmp, path) != 0) {
        remove(tmp);
        return at_cli_fail("train", "cannot rename %s to %s: %s", tmp, path, strerror(errno));
    }
    return 0;
}

static int train_emotions(const char *data, const char *out, const char *epochs, bool validate)
{
    char path[4096];
    struct at_buf trb = AT_BUF_INIT(STDIN_MAX), dvb = AT_BUF_INIT(STDIN_MAX);
    struct at_buf w = AT_BUF_INIT(AT_BUF_NOLIMIT), report = AT_BUF_INIT(AT_BUF_NOLIMIT);
    struct at_text_example *tr = NULL, *dv = NULL;
    size_t ntr = 0, ndv = 0;
    struct at_text_train_opts o = {0};
    struct at_errinfo e = {0};
    struct at_text_engine *eng = NULL;
    int ret = 1;
    int64_t ep;
    struct timespec t0, t1;

    if (epochs) {
        if (!at_cstr_to_i64(epochs, &ep) || ep < 1 || ep > 100) {
            at_cli_fail("train", "--epochs must be a number from 1 to 100");
            goto out;
        }
        o.epochs = (int)ep;
    }
    snprintf(path, sizeof(path), "%s/train.tsv", data);
    if (read_goemotions(path, &trb, &tr, &ntr) != 0)
        goto out;
    snprintf(path, sizeof(path), "%s/dev.tsv", data);
    if (read_goemotions(path, &dvb, &dv, &ndv) != 0)
        goto out;
    if (validate) {
        /*
         * Model selection without dev: every tenth training text is held out
         * and takes dev's place (thresholds and the figures printed).
         */
        size_t k = 0;

        ndv = 0;
        for (size_t i = 0; i < ntr; i++) {
            if (i % 10 == 9)
                dv[ndv++] = tr[i];
            else
                tr[k++] = tr[i];
        }
        ntr = k;
    }
    eng = at_text_load_lexicon(NULL, &e);
    if (!eng) {
        at_cli_fail("train", "%s", e.msg);
        goto out;
    }
    fprintf(stderr, "training on %zu texts, thresholds on %zu%s...\n", ntr, ndv,
            validate ? " held out from train.tsv" : "");
    clock_gettime(CLOCK_MONOTONIC, &t0);
    if (at_text_train_emotions(eng, tr, ntr, dv, ndv, &o, &w, &report, &e) != 0) {
        at_cli_fail("train", "%s", e.msg);
        goto out;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    fputs(report.data, stdout);
    if (write_file(out, w.data, w.len) != 0)
        goto out;
    printf("wrote %s (%zu bytes) in %.1f s\n", out, w.len,
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
    ret = 0;

out:
    free(tr);
    free(dv);
    at_buf_release(&trb);
    at_buf_release(&dvb);
    at_buf_release(&w);
    at_buf_release(&report);
    at_text_free(eng);
    return ret;
}

/* Converts VADER's vader_lexicon.txt (word, mean, sd, ratings) into WORD<TAB>MEAN lines. */
static int train_lexicon(const char *data, const char *out)
{
    char path[4096];
    struct at_buf in = AT_BUF_INIT(STDIN_MAX), o = AT_BUF_INIT(AT_BUF_NOLIMIT);
    FILE *f;
    char *p, *end;
    int ret = 1;

    snprintf(path, sizeof(path), "%s/vader_lexicon.txt", data);
    f = fopen(path, "rb");
    if (!f)
        return at_cli_fail("train", "cannot open %s: %s", path, strerror(errno));
    if (read_all(f, STDIN_MAX, &in) != 0) {
        fclose(f);
        at_cli_fail("train", "cannot read %s", path);
        goto out;
    }
    fclose(f);
    at_buf_adds(&o, "# VADER sentiment lexicon (Hutto & Gilbert 2014), MIT licence; see "
                    "ATTRIBUTION.md.\n# word<TAB>mean valence (-4..4). Rebuild: attune train "
                    "lexicon --data DIR\n");
    p = in.data;
    end = in.data + in.len;
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *le = nl ? nl : end;
        char *t1 = memchr(p, '\t', (size_t)(le - p));
        char *t2 = t1 ? memchr(t1 + 1, '\t', (size_t)(le - t1 - 1)) : NULL;

        if (t1 && t2) {
            at_buf_add(&o, p, (size_t)(t2 - p));
            at_buf_addch(&o, '\n');
        }
        p = le + 1;
    }
    if (write_file(out, o.data, o.len) != 0)
        goto out;
    printf("wrote %s (%zu bytes)\n", out, o.len);
    ret = 0;

out:
    at_buf_release(&in);
    at_buf_release(&o);
    return ret;
}

int at_cmd_train(struct at_cli *cli, int argc, char **argv)
{
    const struct at_command *self = at_cli_find("train");
    const char *data = NULL, *out = NULL, *epochs = NULL;
    bool validate = false;
    const struct at_opt opts[] = {
        {"data", "DIR", "the data set folder (GoEmotions' for emotions, VADER's for lexicon)",
         &data, NULL},
        {"out", "PATH", "where to write (default data/emotions.bin or data/lexicon.tsv)", &out,
         NULL},
        {"epochs", "N", "passes over the training set (emotions; default 8)", &epochs, NULL},
        {"validate", NULL,
         "emotions: hold out a tenth of train.tsv in place of dev.tsv, to compare variants "
         "without dev",
         NULL, &validate},
        {NULL, NULL, NULL, NULL, NULL},
    };
    int npos;

    (void)cli;
    if (at_cli_parse(self, argc, argv, opts, &npos) != 0)
        return npos < 0 ? 0 : 2;
    if (npos != 1 || !data) {
        fprintf(stderr, "attune train: say what to train and from where, e.g. `attune train "
                        "emotions --data ../shared/data/goemotions`\n");
        return 2;
    }
    if (strcmp(argv[1], "emotions") == 0)
        return train_emotions(data, out ? out : "data/emotions.bin", epochs, validate);
    if (strcmp(argv[1], "lexicon") == 0)
        return train_lexicon(data, out ? out : "data/lexicon.tsv");
    fprintf(stderr, "attune train: unknown model '%s'; choose emotions or lexicon\n", argv[1]);
    return 2;
}
