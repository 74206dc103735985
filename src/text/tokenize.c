/*
 * The tokenizer: words (with contractions), numbers, URLs, emails, @mentions,
 * emoji (with their modifiers and joiners), emoticons and punctuation runs.
 * Every token keeps its byte range in the input and a normal form: case-folded
 * NFKC (utf8proc), curly apostrophes made straight, letters repeated three
 * times or more cut to two. ASCII takes a fast path; utf8proc handles the rest.
 */
#include <string.h>

#include <utf8proc.h>

#include "text/text_int.h"

#include "core/banned.h"

#define NORM_MAX 96 /* bytes of a token's normal form; longer forms are cut */

/* 64-bit FNV-1a, which the shipped weights and the lexicon table were hashed with. */
#define FNV_OFFSET 1469598103934665603ULL
#define FNV_PRIME  1099511628211ULL

/* text_hash(), inlined into the tokenizer's own calls. */
static inline uint64_t hash_bytes(const char *p, size_t n)
{
    uint64_t h = FNV_OFFSET;

    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= FNV_PRIME;
    }
    /* 0, 1 and 2 are reserved by the rule index */
    return h < 3 ? h + 3 : h;
}

uint64_t text_hash(const char *p, size_t n)
{
    return hash_bytes(p, n);
}

static const char *const emoticons[] = {
    ":-)", ":)",   ":-(", ":(",  ":-D", ":D", ";-)", ";)",   ":-P", ":P",  ":-p", ":p",
    ":'(", ":'-(", ":/",  ":-/", ":\\", ":|", ":-|", ":o",   ":O",  ":-O", "<3",  "</3",
    "=)",  "=(",   "=D",  ":]",  ":[",  ":@", ">:(", ">:-(", "^_^", "^^",  "-_-", "T_T",
    ";(",  ":*",   ":-*", "xD",  "XD",  "8)", ":3",  "D:",   ":S",  ":s",  NULL,
};

static bool is_ascii_alpha(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_ascii_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

static bool is_ascii_alnum(unsigned char c)
{
    return is_ascii_alpha(c) || is_ascii_digit(c);
}

/* Decodes one character at p (valid UTF-8 guaranteed by the caller). */
static size_t decode(const char *p, size_t n, int32_t *cp)
{
    utf8proc_ssize_t k;

    if ((unsigned char)p[0] < 0x80) {
        *cp = (unsigned char)p[0];
        return 1;
    }
    k = utf8proc_iterate((const utf8proc_uint8_t *)p, (utf8proc_ssize_t)n, cp);

    if (k <= 0) {
        *cp = 0xFFFD;
        return 1;
    }
    return (size_t)k;
}

enum cclass { CC_SPACE, CC_LETTER, CC_DIGIT, CC_EMOJI, CC_JOINER, CC_OTHER };

/* The class of each ASCII byte: most text is ASCII, and a table beats the comparisons. */
#define S_ CC_SPACE
#define L_ CC_LETTER
#define D_ CC_DIGIT
#define O_ CC_OTHER
static const uint8_t ascii_class[128] = {
    O_, O_, O_, O_, O_, O_, O_, O_, O_, S_, S_, S_, S_, S_, O_, O_, /* \t \n \v \f \r */
    O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, /* */
    S_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, /* space */
    D_, D_, D_, D_, D_, D_, D_, D_, D_, D_, O_, O_, O_, O_, O_, O_, /* 0-9 */
    O_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, /* A-O */
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, O_, O_, O_, O_, O_, /* P-Z */
    O_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, /* a-o */
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, O_, O_, O_, O_, O_, /* p-z */
};
#undef S_
#undef L_
#undef D_
#undef O_

static bool is_ascii_space(unsigned char c)
{
    return ascii_class[c & 0x7F] == CC_SPACE && c < 0x80;
}

/* The first characters of the emoticons above. */
static bool may_start_emoticon(unsigned char c)
{
    return c == ':' || c == ';' || c == '=' || c == '<' || c == '>' || c == '^' || c == '-' ||
           c == 'T' || c == 'x' || c == 'X' || c == '8' || c == 'D';
}

static bool is_emoji_cp(int32_t cp)
{
    return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) ||
           (cp >= 0x2B00 && cp <= 0x2BFF) || (cp >= 0x2300 && cp <= 0x23FF) || cp == 0x203C ||
           cp == 0x2049 || cp == 0x2122 || cp == 0x2139 || (cp >= 0x2190 && cp <= 0x21FF) ||
           cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299 || cp == 0x00A9 ||
           cp == 0x00AE;
}

static enum cclass classify(int32_t cp)
{
    utf8proc_category_t cat;

    if (cp < 0x80)
        return (enum cclass)ascii_class[cp];
    if (cp == 0x200D || cp == 0xFE0F || cp == 0xFE0E || (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
        (cp >= 0xE0020 && cp <= 0xE007F))
        return CC_JOINER;
    if (is_emoji_cp(cp))
        return CC_EMOJI;
    cat = utf8proc_category(cp);
    switch (cat) {
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
        return CC_SPACE;
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN:
    case UTF8PROC_CATEGORY_MC:
    case UTF8PROC_CATEGORY_ME:
        return CC_LETTER;
    case UTF8PROC_CATEGORY_ND:
        return CC_DIGIT;
    case UTF8PROC_CATEGORY_SO:
        return CC_EMOJI;
    case UTF8PROC_CATEGORY_CF:
        return CC_SPACE; /* zero-width and other format characters separate nothing visible */
    default:
        return CC_OTHER;
    }
}

static bool is_apostrophe(const char *p, size_t n, size_t *len)
{
    if (n >= 1 && p[0] == '\'') {
        *len = 1;
        return true;
    }
    /* U+2019 RIGHT SINGLE QUOTATION MARK */
    if (n >= 3 && (unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        (unsigned char)p[2] == 0x99) {
        *len = 3;
        return true;
    }
    return false;
}

/* Cuts runs of three or more equal letters to two; returns the new length and sets *elong. */
static size_t squeeze(char *s, size_t n, bool *elong)
{
    size_t o = 0;

    for (size_t i = 0; i < n; i++) {
        if (o >= 2 && s[o - 1] == s[i] && s[o - 2] == s[i] && is_ascii_alpha((unsigned char)s[i])) {
            *elong = true;
            continue;
        }
        s[o++] = s[i];
    }
    return o;
}

/*
 * Appends ASCII byte `c` to `dst` at *o, lower-cased, counting upper and
 * lower case letters and noting three equal bytes in a row; returns the
 * byte written.
 */
static inline unsigned char fold_ascii(unsigned char c, char *dst, size_t *o, size_t *upper,
                                       size_t *lower, bool *triple)
{
    if (c >= 'A' && c <= 'Z') {
        (*upper)++;
        c = (unsigned char)(c + 32);
    } else if (c >= 'a' && c <= 'z') {
        (*lower)++;
    }
    if (*o >= 2 && dst[*o - 1] == (char)c && dst[*o - 2] == (char)c)
        *triple = true;
    dst[(*o)++] = (char)c;
    return c;
}

/*
 * Writes the normal form of text[start..end) into `dst` (NORM_MAX bytes).
 * Sets TF_CAPS / TF_TITLE / TF_ELONG in *flags for words.
 */
static size_t normalize(const char *text, size_t start, size_t end, char *dst, uint8_t *flags,
                        bool word)
{
    size_t o = 0, upper = 0, lower = 0;
    bool ascii = true, elong = false;
    bool triple = false; /* three equal bytes in a row: squeeze() has work */

    /* ASCII: fold as we go; the first byte that is not ASCII sends the token to utf8proc */
    for (size_t i = start; i < end; i++) {
        unsigned char c = (unsigned char)text[i];

        if (c >= 0x80) {
            ascii = false;
            break;
        }
        if (o >= NORM_MAX)
            continue;
        c = fold_ascii(c, dst, &o, &upper, &lower, &triple);
    }
    if (!ascii) {
        utf8proc_int32_t buf[NORM_MAX];
        utf8proc_ssize_t k;
        const char *p = text + start;
        size_t left = end - start;

        triple = true;
        o = upper = lower = 0;

        /* count case on the original, then fold */
        while (left > 0) {
            int32_t cp;
            size_t l = decode(p, left, &cp);

            if (utf8proc_isupper(cp))
                upper++;
            else if (utf8proc_islower(cp))
                lower++;
            p += l;
            left -= l;
        }
        k = utf8proc_decompose_custom(
            (const utf8proc_uint8_t *)text + start, (utf8proc_ssize_t)(end - start), buf, NORM_MAX,
            UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STABLE | UTF8PROC_IGNORE, NULL, NULL);
        if (k > 0 && k <= NORM_MAX / 4) {
            k = utf8proc_normalize_utf32(buf, k, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
            if (k > 0) {
                for (utf8proc_ssize_t i = 0; i < k; i++) {
                    utf8proc_uint8_t enc[4];
                    int32_t cp = buf[i];
                    utf8proc_ssize_t l;

                    if (cp == 0x2019 || cp == 0x2018)
                        cp = '\'';
                    l = utf8proc_encode_char(cp, enc);
                    if (o + (size_t)l > NORM_MAX)
                        break;
                    memcpy(dst + o, enc, (size_t)l);
                    o += (size_t)l;
                }
            }
        }
        if (o == 0) {
            /* too long to fold: keep the bytes */
            o = end - start < NORM_MAX ? end - start : NORM_MAX;
            memcpy(dst, text + start, o);
        }
    }
    if (word) {
        if (triple)
            o = squeeze(dst, o, &elong);
        if (elong)
            *flags |= TF_ELONG;
        if (upper >= 2 && lower == 0)
            *flags |= TF_CAPS;
        if (upper >= 1)
            *flags |= TF_TITLE;
    }
    return o;
}

static size_t emoticon_at(const char *text, size_t pos, size_t end)
{
    size_t best = 0;

    if (!may_start_emoticon((unsigned char)text[pos]))
        return 0;
    for (size_t i = 0; emoticons[i]; i++) {
        size_t l;

        if (emoticons[i][0] != text[pos])
            continue;
        l = strlen(emoticons[i]);
        if (l <= best || pos + l > end || memcmp(text + pos, emoticons[i], l) != 0)
            continue;
        /* must not run into a word: ":Dear" is no emoticon */
        if (pos + l < end && is_ascii_alnum((unsigned char)text[pos + l]))
            continue;
        best = l;
    }
    return best;
}

/* Trims trailing punctuation that closes a sentence from a URL or email. */
static size_t trim_trailing(const char *text, size_t start, size_t end)
{
    while (end > start + 1 && strchr(".,;:!?)]}\"'>", text[end - 1]))
        end--;
    return end;
}

static bool chunk_is_email(const char *text, size_t start, size_t end)
{
    const char *at = memchr(text + start, '@', end - start);
    size_t a;

    if (!at || at == text + start)
        return false;
    a = (size_t)(at - text);
    if (!is_ascii_alnum((unsigned char)text[a - 1]))
        return false;
    for (size_t i = a + 1; i + 1 < end; i++) {
        if (text[i] == '.' && is_ascii_alnum((unsigned char)text[i + 1]) && i > a + 1)
            return true;
    }
    return false;
}

static bool has_prefix_ci(const char *p, size_t n, const char *pre)
{
    size_t l = strlen(pre);

    if (n < l)
        return false;
    for (size_t i = 0; i < l; i++) {
        char c = p[i];

        if (c >= 'A' && c <= 'Z')
            c = (char)(c + 32);
        if (c != pre[i])
            return false;
    }
    return true;
}

struct tokenizer {
    const char *text;
    struct toks *out;
    struct at_arena *arena;
    size_t cap;
    char *norm; /* next free byte of the normal-form store */
    char *norm_end;
    bool sentence; /* the next token starts a sentence */
    bool general;  /* no ASCII fast path (tests compare the two) */
};

/* Room for one more token and its normal form; false when the normal-form store is full. */
static inline bool reserve(struct tokenizer *tz)
{
    if (tz->out->n == tz->cap) {
        /* most messages need far fewer tokens than bytes; grow when one does not */
        struct tok *v = at_arena_alloc(tz->arena, 2 * tz->cap * sizeof(*v));

        memcpy(v, tz->out->v, tz->cap * sizeof(*v));
        tz->out->v = v;
        tz->cap *= 2;
    }
    return tz->norm + NORM_MAX <= tz->norm_end;
}

/* Adds the token whose normal form (`l` bytes, hashed to `hash`) is at tz->norm. */
static inline void finish(struct tokenizer *tz, size_t start, size_t end, enum tok_kind kind,
                          size_t l, uint8_t flags, uint64_t hash)
{
    struct tok *t = &tz->out->v[tz->out->n++];

    t->start = (uint32_t)start;
    t->end = (uint32_t)end;
    t->kind = (uint8_t)kind;
    if (tz->sentence && kind != TK_PUNCT) {
        flags |= TF_SENT;
        tz->sentence = false;
    }
    if (kind == TK_PUNCT) {
        if (tz->text[start] == '.' || tz->text[start] == '!' || tz->text[start] == '?')
            tz->sentence = true;
        if (tz->norm[0] == '!')
            tz->out->n_excl += end - start;
        else if (tz->norm[0] == '?')
            tz->out->n_quest += end - start;
    }
    t->flags = flags;
    t->norm = tz->norm;
    t->norm_len = (uint16_t)l;
    t->hash = hash;
    tz->norm += l;
    if (kind == TK_WORD && end - start >= 2) {
        tz->out->n_words++;
        if (flags & TF_CAPS)
            tz->out->n_caps++;
    }
}

static void emit(struct tokenizer *tz, size_t start, size_t end, enum tok_kind kind)
{
    uint8_t flags = 0;
    size_t l;
    uint64_t hash;

    if (start >= end || !reserve(tz))
        return;
    if (kind == TK_PUNCT && (unsigned char)tz->text[start] < 0x80) {
        /* a run of one ASCII mark, as normalize() would leave it, hashed as it is copied */
        char c = tz->text[start];

        l = end - start < NORM_MAX ? end - start : NORM_MAX;
        hash = FNV_OFFSET;
        for (size_t k = 0; k < l; k++) {
            tz->norm[k] = c;
            hash ^= (unsigned char)c;
            hash *= FNV_PRIME;
        }
        finish(tz, start, end, kind, l, 0, hash < 3 ? hash + 3 : hash);
        return;
    }
    switch (kind) {
    case TK_URL:
        l = 5;
        memcpy(tz->norm, "<url>", l);
        break;
    case TK_EMAIL:
        l = 7;
        memcpy(tz->norm, "<email>", l);
        break;
    case TK_MENTION:
        l = 6;
        memcpy(tz->norm, "<user>", l);
        break;
    default:
        l = normalize(tz->text, start, end, tz->norm, &flags, kind == TK_WORD);
        break;
    }
    hash = hash_bytes(tz->norm, l);
    finish(tz, start, end, kind, l, flags, hash);
}

/*
 * What a byte of an ASCII word becomes in its normal form: letters in lower
 * case, digits as they are; 0 for every other byte (the apostrophe, which
 * belongs to a word only before a letter, is decided by the reader).
 */
#define W_(c) [c] = (c)
#define U_(c) [c] = (c) + 32
static const unsigned char word_byte[256] = {
    W_('0'), W_('1'), W_('2'), W_('3'), W_('4'), W_('5'), W_('6'), W_('7'), W_('8'),
    W_('9'), U_('A'), U_('B'), U_('C'), U_('D'), U_('E'), U_('F'), U_('G'), U_('H'),
    U_('I'), U_('J'), U_('K'), U_('L'), U_('M'), U_('N'), U_('O'), U_('P'), U_('Q'),
    U_('R'), U_('S'), U_('T'), U_('U'), U_('V'), U_('W'), U_('X'), U_('Y'), U_('Z'),
    W_('a'), W_('b'), W_('c'), W_('d'), W_('e'), W_('f'), W_('g'), W_('h'), W_('i'),
    W_('j'), W_('k'), W_('l'), W_('m'), W_('n'), W_('o'), W_('p'), W_('q'), W_('r'),
    W_('s'), W_('t'), W_('u'), W_('v'), W_('w'), W_('x'), W_('y'), W_('z'),
};
#undef W_
#undef U_

/*
 * Eight bytes at a time ("SWAR"): eight bytes of text in one 64-bit integer,
 * byte k of the text in bits 8k..8k+7 on every machine, and tests that leave
 * their answer in the high bit of each byte. bytes_ge() and bytes_le() are
 * exact for bytes below 0x80, which carry nothing into the next byte. A byte
 * of 0x80 or more is neither in 'a'..'z' nor in '0'..'9' to the pair of them,
 * but may carry into the bytes after it, which the word reader then ignores:
 * a byte that is not ASCII ends a plain word.
 */
#define ONES  0x0101010101010101ULL
#define HIGHS 0x8080808080808080ULL

static inline uint64_t load8(const char *p)
{
    uint64_t v;

    memcpy(&v, p, sizeof(v));
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    return v;
}

/* Writes `v` as load8() would read it back. */
static inline void store8(char *p, uint64_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v = __builtin_bswap64(v);
#endif
    memcpy(p, &v, sizeof(v));
}

/* Bytes of `x` that are `lo` or more. */
static inline uint64_t bytes_ge(uint64_t x, unsigned lo)
{
    return (x + ONES * (0x80 - lo)) & HIGHS;
}

/* Bytes of `x` that are `hi` or less. */
static inline uint64_t bytes_le(uint64_t x, unsigned hi)
{
    return ~(x + ONES * (0x7F - hi)) & HIGHS;
}

/* Bytes of `x` (any values) that are 0. */
static inline uint64_t bytes_zero(uint64_t x)
{
    return ~(((x & ~HIGHS) + ~HIGHS) | x) & HIGHS;
}

/* A word read by read_word_ascii(), its normal form already at tz->norm but not yet added. */
struct ascii_word {
    size_t end;    /* byte after the word */
    size_t len;    /* bytes of the normal form */
    uint8_t flags; /* TF_CAPS, TF_TITLE, TF_ELONG */
    uint64_t hash; /* of the normal form */
};

/*
 * The 64-bit FNV-1a of the `k` bytes before `e` (k <= 8) continued from `h`,
 * unrolled: each byte is read at a fixed distance from `e`.
 */
static inline uint64_t hash_upto8(uint64_t h, const unsigned char *e, size_t k)
{
    switch (k) {
    case 8:
        h = (h ^ e[-8]) * FNV_PRIME;
        /* fall through */
    case 7:
        h = (h ^ e[-7]) * FNV_PRIME;
        /* fall through */
    case 6:
        h = (h ^ e[-6]) * FNV_PRIME;
        /* fall through */
    case 5:
        h = (h ^ e[-5]) * FNV_PRIME;
        /* fall through */
    case 4:
        h = (h ^ e[-4]) * FNV_PRIME;
        /* fall through */
    case 3:
        h = (h ^ e[-3]) * FNV_PRIME;
        /* fall through */
    case 2:
        h = (h ^ e[-2]) * FNV_PRIME;
        /* fall through */
    case 1:
        h = (h ^ e[-1]) * FNV_PRIME;
        /* fall through */
    default:
        break;
    }
    return h;
}

/* What read_short_word() made of a word. */
enum short_word {
    SW_READ,  /* the word is read */
    SW_LONG,  /* its first eight bytes are letters or digits */
    SW_OTHER, /* it goes on with an apostrophe or a character that is not ASCII */
};

/*
 * read_word_ascii() for a word that starts at text[i] with an ASCII letter,
 * holds only ASCII letters and digits, is shorter than eight bytes and ends
 * before `end` or an ASCII byte other than an apostrophe (most words): all of
 * it in one 64-bit integer, tested eight bytes at a time. Nothing is added
 * unless it returns SW_READ.
 */
static inline enum short_word read_short_word(struct tokenizer *tz, size_t i, size_t end,
                                              struct ascii_word *w)
{
    const char *text = tz->text;
    char *dst = tz->norm;
    uint64_t v, folded, alpha, digit, stop, in, small, caps, differs;
    size_t k;
    unsigned char after;
    uint8_t flags = 0;
    bool elong = false;

    /* near the end, the last eight bytes before it, shifted so that 0s follow the end */
    if (i + 8 <= end)
        v = load8(text + i);
    else if (end >= 8)
        v = load8(text + end - 8) >> 8 * (8 - (end - i));
    else
        return SW_OTHER;
    folded = v | ONES * 0x20; /* letters in lower case; digits have the bit already */
    alpha = bytes_ge(folded, 'a') & bytes_le(folded, 'z');
    digit = bytes_ge(v, '0') & bytes_le(v, '9');
    stop = ~(alpha | digit) & HIGHS; /* bytes that are no part of a plain word */
    if (stop == 0)
        return SW_LONG;
    k = (size_t)__builtin_ctzll(stop) / 8;
    after = (unsigned char)(v >> 8 * k); /* 0 at the end */
    if (after >= 0x80 || after == '\'')
        return SW_OTHER;
    in = ((stop & -stop) - 1) & HIGHS; /* the high bits of the word's bytes */
    small = v << 2;                    /* each byte's 0x20 bit in its high bit */
    caps = alpha & ~small & in;
    store8(dst, folded); /* the bytes past the word are free room, overwritten later */
    w->hash = hash_upto8(FNV_OFFSET, (const unsigned char *)dst + k, k);
    w->len = k;
    /* a byte equal to the two before it (the first two have 0s before them, no word byte) */
    differs = (folded ^ folded << 8) | (folded ^ folded << 16);
    if (bytes_zero(differs) & in) {
        w->len = squeeze(dst, k, &elong);
        w->hash = text_hash(dst, w->len);
    } else if (w->hash < 3) {
        w->hash += 3;
    }
    if (elong)
        flags |= TF_ELONG;
    if ((caps & (caps - 1)) != 0 && (alpha & small & in) == 0)
        flags |= TF_CAPS; /* two capitals or more and no small letter */
    if (caps != 0)
        flags |= TF_TITLE;
    w->end = i + k;
    w->flags = flags;
    return SW_READ;
}

/*
 * read_short_word() for words of eight bytes or more, that fit in the normal
 * form: a loop, with the bytes before each eight for the repeats. Returns
 * false, with nothing added, for a word that is not plain.
 */
static bool read_plain_word(struct tokenizer *tz, size_t i, size_t end, struct ascii_word *w)
{
    const char *text = tz->text;
    char *dst = tz->norm;
    uint64_t h = FNV_OFFSET;
    uint64_t prev = 0; /* the last two bytes written, the last in bits 8..15; no word byte is 0 */
    uint64_t lower = 0, triple = 0;
    unsigned caps = 0; /* capitals, counted up to two in each eight bytes: enough for the flags */
    size_t o = 0;
    uint8_t flags = 0;
    bool elong = false;

    for (;;) {
        uint64_t v, folded, alpha, digit, stop, in, small, up, differs;
        size_t k;
        unsigned char after;

        /* near the end, the last eight bytes before it, shifted so that 0s follow the end */
        if (i + o + 8 <= end)
            v = load8(text + i + o);
        else if (i + o == end)
            break; /* the word's last eight bytes were the text's */
        else if (end >= 8)
            v = load8(text + end - 8) >> 8 * (8 - (end - i - o));
        else
            return false;
        if (o + 8 > NORM_MAX)
            return false;         /* a word longer than its normal form may be */
        folded = v | ONES * 0x20; /* letters in lower case; digits have the bit already */
        alpha = bytes_ge(folded, 'a') & bytes_le(folded, 'z');
        digit = bytes_ge(v, '0') & bytes_le(v, '9');
        stop = ~(alpha | digit) & HIGHS;   /* bytes that are no part of a plain word */
        in = ((stop & -stop) - 1) & HIGHS; /* the high bits of the word's bytes (all if none) */
        small = v << 2;                    /* each byte's 0x20 bit in its high bit */
        up = alpha & ~small & in;
        caps += (up != 0) + ((up & (up - 1)) != 0);
        lower |= alpha & small & in;
        /* a byte equal to the two before it */
        differs = (folded ^ (folded << 8 | prev >> 8)) | (folded ^ (folded << 16 | prev));
        triple |= bytes_zero(differs) & in;
        k = stop ? (size_t)__builtin_ctzll(stop) / 8 : 8;
        store8(dst + o, folded); /* the bytes past the word are free room, overwritten later */
        o += k;
        h = hash_upto8(h, (const unsigned char *)dst + o, k);
        if (k < 8) {
            after = (unsigned char)(v >> 8 * k); /* 0 at the end */
            if (after >= 0x80 || after == '\'')
                return false; /* the word may go on */
            break;
        }
        prev = folded >> 48;
    }
    w->hash = h;
    w->len = o;
    if (triple) {
        w->len = squeeze(dst, o, &elong);
        w->hash = text_hash(dst, w->len);
    } else if (h < 3) {
        w->hash = h + 3;
    }
    if (elong)
        flags |= TF_ELONG;
    if (caps >= 2 && lower == 0)
        flags |= TF_CAPS;
    if (caps >= 1)
        flags |= TF_TITLE;
    w->end = i + o;
    w->flags = flags;
    return true;
}

/*
 * read_word_ascii() for any word, a byte at a time: one pass finds its end,
 * folds it and hashes it. Returns false when the word has characters that
 * are not ASCII (the general path takes it then).
 */
static bool read_word_bytes(struct tokenizer *tz, size_t i, size_t end, struct ascii_word *w)
{
    const char *text = tz->text;
    char *dst;
    size_t j = i, o = 0, upper = 0, lower = 0;
    uint64_t h = FNV_OFFSET;
    bool triple = false, elong = false;
    unsigned char last = 0; /* the byte written before, 0 at first: no word byte is 0 */
    size_t run = 0;         /* how many times `last` was written in a row */
    uint8_t flags = 0;

    dst = tz->norm;
    while (j < end) {
        unsigned char c = (unsigned char)text[j];
        unsigned char f = word_byte[c];

        if (f == 0) {
            if (c >= 0x80) {
                int32_t cp;
                size_t al;
                enum cclass k;

                decode(text + j, end - j, &cp);
                k = classify(cp);
                if (k == CC_LETTER || k == CC_DIGIT ||
                    (is_apostrophe(text + j, end - j, &al) && j + al < end &&
                     is_ascii_alpha((unsigned char)text[j + al])))
                    return false;
                break;
            }
            if (!(c == '\'' && j + 1 < end && is_ascii_alpha((unsigned char)text[j + 1])))
                break;
            f = c;
        }
        j++;
        if (o >= NORM_MAX)
            continue;
        upper += f != c;
        lower += (unsigned)(c - 'a') < 26u;
        run = f == last ? run + 1 : 1;
        triple |= run >= 3;
        last = f;
        dst[o++] = (char)f;
        h ^= f;
        h *= FNV_PRIME;
    }
    if (triple) {
        o = squeeze(dst, o, &elong);
        h = text_hash(dst, o);
    } else if (h < 3) {
        h += 3;
    }
    if (elong)
        flags |= TF_ELONG;
    if (upper >= 2 && lower == 0)
        flags |= TF_CAPS;
    if (upper >= 1)
        flags |= TF_TITLE;
    w->end = j;
    w->len = o;
    w->flags = flags;
    w->hash = h;
    return true;
}

/*
 * The fast path for a word of ASCII letters starting at `i` (most words),
 * with the same result as the general path (scan, normalize(), text_hash()).
 * The word is not added yet: the caller may still find that its chunk is an
 * email. Returns false when the word has other characters (the general path
 * takes it then) or when the normal-form store is full.
 */
static inline bool read_word_ascii(struct tokenizer *tz, size_t i, size_t end, struct ascii_word *w)
{
    if (tz->general || !reserve(tz))
        return false;
    switch (read_short_word(tz, i, end, w)) {
    case SW_READ:
        return true;
    case SW_LONG:
        if (read_plain_word(tz, i, end, w))
            return true;
        break;
    case SW_OTHER:
        break;
    }
    return read_word_bytes(tz, i, end, w);
}

/* Adds the word that read_word_ascii() read from `start`. */
static inline void add_word_ascii(struct tokenizer *tz, size_t start, const struct ascii_word *w)
{
    finish(tz, start, w->end, TK_WORD, w->len, w->flags, w->hash);
}

/*
 * Brackets and quotes that open a link ("(http://...)", "<www...>") at
 * `start` are marks of their own: emits them and returns where the link
 * starts, or returns `start` when no link follows.
 */
static size_t link_brackets(struct tokenizer *tz, size_t start, size_t end)
{
    const char *text = tz->text;
    size_t s = start;

    while (s < end && text[s] != 0 && strchr("([{<\"'", text[s]))
        s++;
    if (s < end && (has_prefix_ci(text + s, end - s, "http://") ||
                    has_prefix_ci(text + s, end - s, "https://") ||
                    has_prefix_ci(text + s, end - s, "www."))) {
        for (size_t k = start; k < s; k++)
            emit(tz, k, k + 1, TK_PUNCT);
        return s;
    }
    return start;
}

/*
 * The end of a word that the general path reads from `j` (past its first
 * letter): letters and digits of any script, and apostrophes ASCII or curly
 * between letters ("don't", "I’m").
 */
static inline size_t word_end(const char *text, size_t j, size_t end)
{
    size_t al;

    while (j < end) {
        unsigned char c = (unsigned char)text[j];
        int32_t c2;
        size_t l2;
        enum cclass k2;

        if (c < 0x80) {
            k2 = (enum cclass)ascii_class[c];
            if (k2 == CC_LETTER || k2 == CC_DIGIT) {
                j++;
                continue;
            }
            if (c == '\'' && j + 1 < end && is_ascii_alpha((unsigned char)text[j + 1])) {
                j++;
                continue;
            }
            if (c != '\'')
                break;
        }
        l2 = decode(text + j, end - j, &c2);
        k2 = classify(c2);

        if (k2 == CC_LETTER || k2 == CC_DIGIT) {
            j += l2;
        } else if (is_apostrophe(text + j, end - j, &al) && j + al < end &&
                   is_ascii_alpha((unsigned char)text[j + al])) {
            j += al;
        } else {
            break;
        }
    }
    return j;
}

/*
 * The end of a number that starts at `i`, read from `j` (past its first
 * digit): digits with '.', ',' or ':' between them, then a unit of letters
 * (5pm, 3rd, 24h, 10k).
 */
static inline size_t number_end(const char *text, size_t i, size_t j, size_t end)
{
    while (j < end) {
        unsigned char c = (unsigned char)text[j];

        if (is_ascii_digit(c)) {
            j++;
        } else if ((c == '.' || c == ',' || c == ':') && j + 1 < end &&
                   is_ascii_digit((unsigned char)text[j + 1])) {
            j++;
        } else {
            break;
        }
    }
    while (j < end && is_ascii_alpha((unsigned char)text[j]) && j - i < 16)
        j++;
    return j;
}

/*
 * The end of emoji `cp`, read from `j` (past it): the second half of a flag,
 * then modifiers and selectors, and emoji joined to it by a zero-width joiner.
 */
static inline size_t emoji_end(const char *text, int32_t cp, size_t j, size_t end)
{
    /* regional indicator pairs make one flag */
    if (cp >= 0x1F1E6 && cp <= 0x1F1FF && j < end) {
        int32_t c2;
        size_t l2 = decode(text + j, end - j, &c2);

        if (c2 >= 0x1F1E6 && c2 <= 0x1F1FF)
            j += l2;
    }
    while (j < end) {
        int32_t c2;
        size_t l2 = decode(text + j, end - j, &c2);

        if (classify(c2) != CC_JOINER)
            break;
        j += l2;
        if (c2 == 0x200D && j < end) {
            size_t l3 = decode(text + j, end - j, &c2);

            if (classify(c2) == CC_EMOJI)
                j += l3;
        }
    }
    return j;
}

/*
 * Tokenizes one chunk (a run without white space); `has_at`: it holds an '@'.
 * `first`, when not NULL, is the chunk's first word, already read (the chunk
 * is then no URL and starts with no emoticon).
 */
static void chunk(struct tokenizer *tz, size_t start, size_t end, bool has_at,
                  const struct ascii_word *first)
{
    const char *text = tz->text;
    size_t i = start;
    char c0;

    if (!first && strchr("([{<\"'", text[start]) && text[start] != 0)
        start = i = link_brackets(tz, start, end);
    c0 = (char)(text[start] | 0x20); /* URLs start with "http" or "www" */
    if ((c0 == 'h' || c0 == 'w') && (has_prefix_ci(text + start, end - start, "http://") ||
                                     has_prefix_ci(text + start, end - start, "https://") ||
                                     has_prefix_ci(text + start, end - start, "www."))) {
        emit(tz, start, trim_trailing(text, start, end), TK_URL);
        return;
    }
    if (has_at && chunk_is_email(text, start, end)) {
        size_t s = start;

        while (s < end && !is_ascii_alnum((unsigned char)text[s]))
            s++;
        emit(tz, s, trim_trailing(text, s, end), TK_EMAIL);
        return;
    }
    if (first) {
        add_word_ascii(tz, start, first);
        i = first->end;
    }
    while (i < end) {
        int32_t cp;
        size_t l = decode(text + i, end - i, &cp);
        enum cclass cc = classify(cp);
        size_t j;
        struct ascii_word w;

        if (cc == CC_OTHER || (i == start && (cp == 'x' || cp == 'X' || cp == 'T' || cp == 'D'))) {
            size_t e = (i == start || !is_ascii_alnum((unsigned char)text[i - 1]))
                           ? emoticon_at(text, i, end)
                           : 0;

            if (e > 0) {
                emit(tz, i, i + e, TK_EMOTICON);
                i += e;
                continue;
            }
        }
        if (cc == CC_LETTER && cp < 0x80 && read_word_ascii(tz, i, end, &w)) {
            add_word_ascii(tz, i, &w);
            i = w.end;
        } else if (cc == CC_LETTER) {
            j = word_end(text, i + l, end);
            emit(tz, i, j, TK_WORD);
            i = j;
        } else if (cc == CC_DIGIT) {
            j = number_end(text, i, i + l, end);
            emit(tz, i, j, TK_NUM);
            i = j;
        } else if (cc == CC_EMOJI) {
            j = emoji_end(text, cp, i + l, end);
            emit(tz, i, j, TK_EMOJI);
            i = j;
        } else if (cc == CC_JOINER || cc == CC_SPACE) {
            i += l;
        } else if (cp == '@' && i + 1 < end && is_ascii_alnum((unsigned char)text[i + 1]) &&
                   (i == start)) {
            j = i + 1;
            while (j < end && (is_ascii_alnum((unsigned char)text[j]) || text[j] == '_'))
                j++;
            emit(tz, i, j, TK_MENTION);
            i = j;
        } else if (cp == '#' && i + 1 < end && is_ascii_alpha((unsigned char)text[i + 1])) {
            i++; /* a hashtag is its word */
        } else {
            /* a run of the same punctuation character is one token: "!!!" */
            j = i + l;
            while (j + l <= end && memcmp(text + j, text + i, l) == 0)
                j += l;
            emit(tz, i, j, TK_PUNCT);
            i = j;
        }
    }
}

/*
 * How a chunk's first byte opens it: not with an ASCII letter, with a letter
 * that starts a plain word, or with one that may start a URL ("http", "www")
 * or an emoticon ("xD", "XD", "T_T", "D:"), which opens_plain_word() looks at
 * more closely.
 */
enum opener { OPEN_OTHER, OPEN_WORD, OPEN_LOOK };
#define W_(c) [c] = OPEN_WORD
#define L_(c) [c] = OPEN_LOOK
static const uint8_t opener[256] = {
    W_('A'), W_('B'), W_('C'), L_('D'), W_('E'), W_('F'), W_('G'), L_('H'), W_('I'),
    W_('J'), W_('K'), W_('L'), W_('M'), W_('N'), W_('O'), W_('P'), W_('Q'), W_('R'),
    W_('S'), L_('T'), W_('U'), W_('V'), L_('W'), L_('X'), W_('Y'), W_('Z'), W_('a'),
    W_('b'), W_('c'), W_('d'), W_('e'), W_('f'), W_('g'), L_('h'), W_('i'), W_('j'),
    W_('k'), W_('l'), W_('m'), W_('n'), W_('o'), W_('p'), W_('q'), W_('r'), W_('s'),
    W_('t'), W_('u'), W_('v'), L_('w'), L_('x'), W_('y'), W_('z'),
};
#undef W_
#undef L_

/*
 * Whether the chunk at text[s] opens with an ASCII letter that starts neither
 * a URL nor an emoticon: then its first word can be read before the end of
 * the chunk is known. URL prefixes and emoticons hold no white space, so
 * looking up to `n` finds what looking up to the end of the chunk would.
 */
static bool opens_plain_word(const char *text, size_t s, size_t n)
{
    unsigned char c = (unsigned char)text[s];
    unsigned char c1;
    char c0 = (char)(c | 0x20);

    if (opener[c] != OPEN_LOOK)
        return opener[c] == OPEN_WORD;
    c1 = s + 1 < n ? (unsigned char)text[s + 1] : 0;
    /* words such as "how", "when", "with" are common; URLs start with "ht" or "ww" */
    if (((c0 == 'h' && (c1 | 0x20) == 't') || (c0 == 'w' && (c1 | 0x20) == 'w')) &&
        (has_prefix_ci(text + s, n - s, "http://") || has_prefix_ci(text + s, n - s, "https://") ||
         has_prefix_ci(text + s, n - s, "www.")))
        return false;
    /*
     * chunk() looks for "xD", "XD", "T_T", "D:" where a chunk starts; in none
     * of them is the second byte a lower-case letter, as in "The" and "Don't".
     */
    if ((c == 'x' || c == 'X' || c == 'T' || c == 'D') && !(c1 >= 'a' && c1 <= 'z') &&
        emoticon_at(text, s, n) > 0)
        return false;
    return true;
}

static void tokenize(const char *text, size_t n, struct at_arena *arena, struct toks *out,
                     bool general)
{
    struct tokenizer tz;
    size_t i = 0;

    memset(out, 0, sizeof(*out));
    tz.general = general;
    tz.text = text;
    tz.out = out;
    tz.arena = arena;
    tz.cap = n / 4 + 16; /* grows in reserve(): "a.b.c" has as many tokens as bytes */
    out->v = at_arena_alloc(arena, tz.cap * sizeof(*out->v));
    /* normal forms are at most NORM_MAX bytes and at most 4x the token's bytes + 8 */
    {
        size_t nb = n * 4 + 2 * NORM_MAX + 64;

        tz.norm = at_arena_alloc(arena, nb);
        tz.norm_end = tz.norm + nb;
    }
    tz.sentence = true;
    while (i < n) {
        size_t s;
        bool has_at;
        struct ascii_word w;
        const struct ascii_word *first;

        while (i < n) {
            int32_t cp;
            size_t l;

            if ((unsigned char)text[i] < 0x80) {
                if (!is_ascii_space((unsigned char)text[i]))
                    break;
                i++;
                continue;
            }
            l = decode(text + i, n - i, &cp);
            if (classify(cp) != CC_SPACE)
                break;
            i += l;
        }
        s = i;
        first = NULL;
        if (i < n && opens_plain_word(text, s, n) && read_word_ascii(&tz, s, n, &w)) {
            /* most chunks are one word: then it is the whole chunk, and holds no '@' */
            if (w.end == n || is_ascii_space((unsigned char)text[w.end])) {
                add_word_ascii(&tz, s, &w);
                i = w.end + (w.end < n); /* past the space too */
                continue;
            }
            first = &w;
            i = w.end; /* [s, i) holds no white space and no '@' */
        }
        has_at = false;
        while (i < n) {
            int32_t cp;
            size_t l;
            unsigned char c = (unsigned char)text[i];

            if (c < 0x80) {
                if (ascii_class[c] == CC_SPACE)
                    break;
                has_at |= c == '@';
                i++;
                continue;
            }
            l = decode(text + i, n - i, &cp);
            if (classify(cp) == CC_SPACE)
                break;
            i += l;
        }
        if (i > s)
            chunk(&tz, s, i, has_at, first);
    }
}

void text_tokenize(const char *text, size_t n, struct at_arena *arena, struct toks *out)
{
    tokenize(text, n, arena, out, false);
}

void text_tokenize_general(const char *text, size_t n, struct at_arena *arena, struct toks *out)
{
    tokenize(text, n, arena, out, true);
}
