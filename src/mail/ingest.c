/* Inbound mail: GMime parses, every text part becomes UTF-8, the desk decides where it lands. */
#include "mail/mail.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* GLib's and GMime's headers declare functions with () and would trip -Wstrict-prototypes */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wstrict-prototypes"
#pragma GCC diagnostic ignored "-Wpedantic"
#include <gmime/gmime.h>
#pragma GCC diagnostic pop

#include "core/log.h"
#include "core/str.h"

#include "core/banned.h"

#define MAX_FILES 100

static pthread_once_t gmime_once = PTHREAD_ONCE_INIT;

static void gmime_start(void)
{
    g_mime_init();
}

/* What the walk over the MIME tree collects. */
struct walk {
    struct at_arena *arena;
    struct at_buf plain; /* inline text/plain parts, UTF-8 */
    struct at_buf html;  /* inline text/html parts, UTF-8 */
    struct at_inbound_file files[MAX_FILES];
    size_t nfiles;
    size_t skipped_files;  /* past MAX_FILES */
    const char *malformed; /* the first serious problem GMime reported */
};

static void on_warning(gint64 offset, GMimeParserWarning code, const gchar *item, gpointer data)
{
    struct walk *w = data;
    const char *why = NULL;

    (void)offset;
    (void)item;
    switch (code) {
    case GMIME_WARN_MALFORMED_MULTIPART:
        why = "malformed: a multipart without parts";
        break;
    case GMIME_WARN_TRUNCATED_MESSAGE:
        why = "malformed: the mail is truncated";
        break;
    case GMIME_WARN_MALFORMED_MESSAGE:
        why = "malformed: the mail cannot be read as a message";
        break;
    case GMIME_CRIT_INVALID_HEADER_NAME:
        why = "malformed: invalid header lines";
        break;
    case GMIME_CRIT_CONFLICTING_HEADER:
        why = "malformed: conflicting headers";
        break;
    case GMIME_CRIT_MULTIPART_WITHOUT_BOUNDARY:
        why = "malformed: a multipart without a boundary";
        break;
    case GMIME_CRIT_NESTING_OVERFLOW:
        why = "malformed: MIME parts nested too deep";
        break;
    case GMIME_CRIT_PART_WITHOUT_HEADERS_OR_CONTENT:
        why = "malformed: a MIME part without headers or content";
        break;
    default:
        break; /* duplicated or 8-bit headers and the like: common, and readable */
    }
    if (why && !w->malformed)
        w->malformed = why;
}

/* Bytes that are not UTF-8, read as windows-1252 (or Latin-1 where that has no character). */
static char *to_utf8(struct at_arena *arena, const char *p, size_t n)
{
    char *out;
    gsize len = 0;

    if (at_utf8_valid(p, n))
        return at_arena_strndup(arena, p, n);
    out = g_convert(p, (gssize)n, "UTF-8", "WINDOWS-1252", NULL, &len, NULL);
    if (!out)
        out = g_convert(p, (gssize)n, "UTF-8", "ISO-8859-1", NULL, &len, NULL);
    if (out) {
        char *copy = at_arena_strndup(arena, out, len);

        g_free(out);
        at_utf8_scrub(copy);
        return copy;
    }
    out = at_arena_strndup(arena, p, n);
    at_utf8_scrub(out);
    return out;
}

/* Line ends as the desk keeps them: "\n" (mail has "\r\n"). Returns the new length. */
static size_t unix_lines(char *s)
{
    char *out = s;

    for (const char *p = s; *p; p++)
        if (!(p[0] == '\r' && p[1] == '\n'))
            *out++ = *p;
    *out = '\0';
    return (size_t)(out - s);
}

/* The decoded bytes of a leaf part; text converted from its charset to UTF-8 when `text`. */
static char *part_content(struct at_arena *arena, GMimePart *part, bool text, size_t *len)
{
    GMimeDataWrapper *dw = g_mime_part_get_content(part);
    GMimeStream *mem = g_mime_stream_mem_new();
    GMimeStream *out = mem;
    const char *charset =
        text ? g_mime_object_get_content_type_parameter(GMIME_OBJECT(part), "charset") : NULL;
    bool converted = false;
    GByteArray *bytes;
    char *data;

    if (charset && g_ascii_strcasecmp(charset, "utf-8") != 0 &&
        g_ascii_strcasecmp(charset, "us-ascii") != 0) {
        GMimeFilter *f = g_mime_filter_charset_new(charset, "UTF-8");

        if (f) {
            out = g_mime_stream_filter_new(mem);
            g_mime_stream_filter_add(GMIME_STREAM_FILTER(out), f);
            g_object_unref(f);
            converted = true;
        }
    }
    if (dw)
        g_mime_data_wrapper_write_to_stream(dw, out);
    g_mime_stream_flush(out);
    bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
    if (text) {
        data = bytes->len ? to_utf8(arena, (const char *)bytes->data, bytes->len)
                          : at_arena_strdup(arena, "");
        if (converted)
            at_utf8_scrub(data);
        *len = unix_lines(data);
    } else {
        data = at_arena_alloc(arena, bytes->len + 1);
        if (bytes->len) /* an empty part has no bytes at all */
            memcpy(data, bytes->data, bytes->len);
        data[bytes->len] = '\0';
        *len = bytes->len;
    }
    if (out != mem)
        g_object_unref(out);
    g_object_unref(mem);
    return data;
}

static void add_file(struct walk *w, const char *filename, const char *type, const void *data,
                     size_t size)
{
    struct at_inbound_file *f;

    if (w->nfiles == MAX_FILES) {
        w->skipped_files++;
        return;
    }
    f = &w->files[w->nfiles++];
    f->filename =
        filename && filename[0] ? to_utf8(w->arena, filename, strlen(filename)) : "attachment";
    f->content_type = type;
    f->data = data;
    f->size = size;
}

static void add_text(struct at_buf *b, const char *text, size_t n)
{
    if (b->len && at_buf_adds(b, "\n\n") != 0)
        return;
    if (at_buf_add(b, text, n) != 0)
        at_buf_add(b, text, b->max > b->len ? b->max - b->len : 0);
}

static void walk_part(GMimeObject *parent, GMimeObject *obj, gpointer data)
{
    struct walk *w = data;
    GMimeContentType *ct = g_mime_object_get_content_type(obj);
    GMimeContentDisposition *cd = g_mime_object_get_content_disposition(obj);
    bool attachment = cd && g_mime_content_disposition_is_attachment(cd);
    char *type = g_mime_content_type_get_mime_type(ct);
    const char *ctype = at_arena_strdup(w->arena, type);
    size_t len;

    (void)parent;
    g_free(type);
    if (GMIME_IS_MESSAGE_PART(obj)) {
        /* a forwarded mail: kept as a file, as the sender attached it */
        GMimeMessage *inner = g_mime_message_part_get_message(GMIME_MESSAGE_PART(obj));
        GMimeStream *mem = g_mime_stream_mem_new();
        GByteArray *bytes;
        char *copy;

        if (inner)
            g_mime_object_write_to_stream(GMIME_OBJECT(inner), NULL, mem);
        bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem));
        copy = at_arena_alloc(w->arena, bytes->len + 1);
        memcpy(copy, bytes->data, bytes->len);
        add_file(w, cd ? g_mime_content_disposition_get_parameter(cd, "filename") : NULL,
                 "message/rfc822", copy, bytes->len);
        g_object_unref(mem);
        return;
    }
    if (!GMIME_IS_PART(obj))
        return; /* multiparts: their children come on their own */
    if (!attachment && g_mime_content_type_is_type(ct, "text", "plain") &&
        !g_mime_part_get_filename(GMIME_PART(obj))) {
        char *text = part_content(w->arena, GMIME_PART(obj), true, &len);

        add_text(&w->plain, text, len);
        return;
    }
    if (!attachment && g_mime_content_type_is_type(ct, "text", "html") &&
        !g_mime_part_get_filename(GMIME_PART(obj))) {
        char *text = part_content(w->arena, GMIME_PART(obj), true, &len);

        add_text(&w->html, text, len);
        return;
    }
    {
        char *bytes = part_content(w->arena, GMIME_PART(obj), false, &len);

        add_file(w, g_mime_part_get_filename(GMIME_PART(obj)), ctype, bytes, len);
    }
}

static const char *header(struct at_arena *arena, GMimeObject *obj, const char *name)
{
    const char *v = g_mime_object_get_header(obj, name);

    return v ? to_utf8(arena, v, strlen(v)) : "";
}

/* The address inside "<...>" of a Return-Path (or the trimmed value without brackets). */
static const char *bracketed(struct at_arena *arena, const char *v)
{
    const char *lt = strchr(v, '<');
    const char *gt = lt ? strchr(lt, '>') : NULL;
    struct at_str s =
        lt && gt ? (struct at_str){lt + 1, (size_t)(gt - lt - 1)} : at_str_trim(at_str_from(v));

    return at_arena_strs(arena, at_str_trim(s));
}

static char *lower(char *s)
{
    for (char *p = s; *p; p++)
        *p = (char)tolower((unsigned char)*p);
    return s;
}

static void read_headers(struct at_arena *arena, GMimeMessage *msg, struct at_inbound_mail *m)
{
    GMimeObject *obj = GMIME_OBJECT(msg);
    InternetAddressList *from = g_mime_message_get_from(msg);
    const char *id = g_mime_message_get_message_id(msg);
    const char *subject = g_mime_message_get_subject(msg);
    const char *rp = g_mime_object_get_header(obj, "Return-Path");

    m->message_id = id && id[0] ? at_arena_printf(arena, "<%s>", id) : "";
    m->from_addr = "";
    m->from_name = "";
    for (int i = 0; from && i < internet_address_list_length(from); i++) {
        InternetAddress *ia = internet_address_list_get_address(from, i);
        const char *addr, *name;

        if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
            continue;
        addr = internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia));
        name = internet_address_get_name(ia);
        if (!addr || !addr[0])
            continue;
        m->from_addr = lower(to_utf8(arena, addr, strlen(addr)));
        m->from_name = name ? to_utf8(arena, name, strlen(name)) : "";
        break;
    }
    m->subject = subject ? to_utf8(arena, subject, strlen(subject)) : "";
    m->has_return_path = rp != NULL;
    m->return_path =
        rp ? lower(to_utf8(arena, bracketed(arena, rp), strlen(bracketed(arena, rp)))) : "";
    m->in_reply_to = header(arena, obj, "In-Reply-To");
    m->references = header(arena, obj, "References");
    m->auto_submitted = header(arena, obj, "Auto-Submitted");
    m->precedence = header(arena, obj, "Precedence");
    m->autoreply_header = g_mime_object_get_header(obj, "X-Autoreply") ||
                          g_mime_object_get_header(obj, "X-Autorespond");
}

static bool has_header_block(const char *raw, size_t n)
{
    /* a mail starts with header lines: "Name: value" */
    size_t i = 0;

    while (i < n && raw[i] != ':' && raw[i] != '\n' && raw[i] != ' ')
        i++;
    return i > 0 && i < n && raw[i] == ':';
}

int at_mail_ingest(struct at_desk *d, const char *domain, const void *raw, size_t raw_len,
                   size_t size, struct at_inbound_result *out, struct at_errinfo *e)
{
    struct at_arena arena = AT_ARENA_INIT;
    struct walk w = {.arena = &arena};
    struct at_inbound_mail m = {.message_id = "",
                                .from_addr = "",
                                .from_name = "",
                                .return_path = "",
                                .subject = "",
                                .in_reply_to = "",
                                .references = "",
                                .auto_submitted = "",
                                .precedence = "",
                                .text = "",
                                .raw = raw,
                                .raw_len = raw_len,
                                .size = size};
    const char *reason = NULL;
    GMimeParserOptions *opts;
    GMimeStream *stream;
    GMimeParser *parser;
    GMimeMessage *msg = NULL;
    GMimeContentType *ct;
    int ret;

    pthread_once(&gmime_once, gmime_start);
    at_buf_init(&w.plain, 4 * size + 1024);
    at_buf_init(&w.html, 4 * size + 1024);
    opts = g_mime_parser_options_new();
    g_mime_parser_options_set_warning_callback(opts, on_warning, &w);
    g_mime_parser_options_set_fallback_charsets(opts,
                                                (const char *[]){"UTF-8", "WINDOWS-1252", NULL});
    stream = g_mime_stream_mem_new_with_buffer(raw, raw_len);
    parser = g_mime_parser_new_with_stream(stream);
    if (has_header_block(raw, raw_len))
        msg = g_mime_parser_construct_message(parser, opts);
    if (msg)
        read_headers(&arena, msg, &m);

    if (raw_len < size) {
        reason =
            at_arena_printf(&arena, "too large: %zu bytes, past the cap of mail_max_kib", size);
    } else if (!msg) {
        reason = "malformed: not a mail (no header lines)";
    } else if (w.malformed) {
        reason = w.malformed;
    } else {
        GMimeObject *top = g_mime_message_get_mime_part(msg);

        ct = top ? g_mime_object_get_content_type(top) : NULL;
        m.report = ct && g_mime_content_type_is_type(ct, "multipart", "report");
        g_mime_message_foreach(msg, walk_part, &w);
        if (w.malformed)
            reason = w.malformed;
        else if (w.skipped_files)
            reason = "more than 100 attachments";
        if (w.plain.len)
            m.text = w.plain.data;
        else if (w.html.len)
            m.text = at_mail_html_text(&arena, w.html.data, w.html.len);
        m.files = w.files;
        m.nfiles = w.nfiles;
    }
    if (reason)
        ret = at_desk_mail_quarantine(d, reason, &m, out, e);
    else
        ret = at_desk_mail_inbound(d, domain, &m, out, e);

    if (msg)
        g_object_unref(msg);
    g_object_unref(parser);
    g_object_unref(stream);
    g_mime_parser_options_free(opts);
    at_buf_release(&w.plain);
    at_buf_release(&w.html);
    at_arena_release(&arena);
    return ret;
}

/* ---- HTML as text ---- */

static const struct {
    const char *name;
    const char *text;
} entities[] = {
    {"amp", "&"},    {"lt", "<"},     {"gt", ">"},     {"quot", "\""},  {"apos", "'"},
    {"nbsp", " "},   {"copy", "©"},   {"reg", "®"},    {"euro", "€"},   {"pound", "£"},
    {"hellip", "…"}, {"mdash", "—"},  {"ndash", "–"},  {"lsquo", "‘"},  {"rsquo", "’"},
    {"ldquo", "“"},  {"rdquo", "”"},  {"eacute", "é"}, {"egrave", "è"}, {"agrave", "à"},
    {"uuml", "ü"},   {"ouml", "ö"},   {"auml", "ä"},   {"szlig", "ß"},  {"ccedil", "ç"},
    {"Eacute", "É"}, {"Uuml", "Ü"},   {"Ouml", "Ö"},   {"Auml", "Ä"},   {"deg", "°"},
    {"middot", "·"}, {"bull", "•"},   {"trade", "™"},  {"times", "×"},  {"laquo", "«"},
    {"raquo", "»"},  {"iexcl", "¡"},  {"iquest", "¿"}, {"ntilde", "ñ"}, {"aacute", "á"},
    {"iacute", "í"}, {"oacute", "ó"}, {"uacute", "ú"}, {"shy", ""},     {"zwnj", ""},
};

static void add_codepoint(struct at_buf *b, uint32_t c)
{
    char u[4];

    if (c == 0 || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        c = 0xFFFD;
    if (c < 0x80) {
        at_buf_addch(b, (char)c);
    } else if (c < 0x800) {
        u[0] = (char)(0xC0 | (c >> 6));
        u[1] = (char)(0x80 | (c & 0x3F));
        at_buf_add(b, u, 2);
    } else if (c < 0x10000) {
        u[0] = (char)(0xE0 | (c >> 12));
        u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[2] = (char)(0x80 | (c & 0x3F));
        at_buf_add(b, u, 3);
    } else {
        u[0] = (char)(0xF0 | (c >> 18));
        u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
        u[3] = (char)(0x80 | (c & 0x3F));
        at_buf_add(b, u, 4);
    }
}

/* Decodes the entity at html[i] ('&'); returns the bytes it took, 0 when it is none. */
static size_t entity(struct at_buf *b, const char *html, size_t i, size_t n)
{
    size_t j = i + 1;

    if (j < n && html[j] == '#') {
        uint32_t c = 0;
        bool hex = j + 1 < n && (html[j + 1] == 'x' || html[j + 1] == 'X');
        size_t k = j + (hex ? 2 : 1), start = k;

        while (k < n && k - start < 8 &&
               (hex ? isxdigit((unsigned char)html[k]) : isdigit((unsigned char)html[k]))) {
            char ch = html[k++];

            c = c * (hex ? 16 : 10) +
                (uint32_t)(isdigit((unsigned char)ch) ? ch - '0' : (tolower(ch) - 'a' + 10));
        }
        if (k == start)
            return 0;
        add_codepoint(b, c);
        return k - i + (k < n && html[k] == ';');
    }
    for (size_t k = 0; k < sizeof(entities) / sizeof(entities[0]); k++) {
        size_t len = strlen(entities[k].name);

        if (j + len <= n && strncmp(html + j, entities[k].name, len) == 0 &&
            (j + len == n || !isalnum((unsigned char)html[j + len]))) {
            at_buf_adds(b, entities[k].text);
            return 1 + len + (j + len < n && html[j + len] == ';');
        }
    }
    return 0;
}

static bool tag_is(const char *tag, size_t n, const char *name)
{
    size_t len = strlen(name);

    return n >= len && strncasecmp(tag, name, len) == 0 &&
           (n == len || !isalnum((unsigned char)tag[len]));
}

char *at_mail_html_text(struct at_arena *arena, const char *html, size_t n)
{
    static const char *const blocks[] = {"br", "p",     "div",        "li", "tr", "h1",
                                         "h2", "h3",    "h4",         "h5", "h6", "ul",
                                         "ol", "table", "blockquote", "hr"};
    struct at_buf b = AT_BUF_INIT(AT_BUF_NOLIMIT);
    struct at_buf squeezed = AT_BUF_INIT(AT_BUF_NOLIMIT);
    char *out;
    size_t i = 0;
    int newlines = 2;

    while (i < n) {
        char c = html[i];

        if (c == '<' && i + 1 < n &&
            (isalpha((unsigned char)html[i + 1]) || html[i + 1] == '/' || html[i + 1] == '!')) {
            size_t end = i + 1;
            const char *tag = html + i + 1;
            bool closing = end < n && html[end] == '/';
            size_t tn;

            if (n - i >= 4 && strncmp(html + i, "<!--", 4) == 0) {
                size_t k = i + 4;

                while (k + 3 <= n && strncmp(html + k, "-->", 3) != 0)
                    k++;
                i = k + 3 <= n ? k + 3 : n;
                continue;
            }
            while (end < n && html[end] != '>')
                end++;
            if (closing)
                tag++;
            tn = (size_t)(html + end - tag);
            if (!closing && (tag_is(tag, tn, "script") || tag_is(tag, tn, "style") ||
                             tag_is(tag, tn, "head") || tag_is(tag, tn, "title"))) {
                const char *name = tag_is(tag, tn, "script")  ? "</script"
                                   : tag_is(tag, tn, "style") ? "</style"
                                   : tag_is(tag, tn, "head")  ? "</head"
                                                              : "</title";
                size_t k = end, nlen = strlen(name);

                /* the text need not end in a NUL: never compare past its n bytes */
                while (k < n && (n - k < nlen || strncasecmp(html + k, name, nlen) != 0))
                    k++;
                while (k < n && html[k] != '>')
                    k++;
                i = k < n ? k + 1 : n;
                continue;
            }
            /* a list item or a row ends where the next begins: no blank line between them */
            for (size_t k = 0; k < sizeof(blocks) / sizeof(blocks[0]); k++)
                if (tag_is(tag, tn, blocks[k]) &&
                    !(closing && (tag_is(tag, tn, "li") || tag_is(tag, tn, "tr")))) {
                    at_buf_addch(&b, '\n');
                    break;
                }
            i = end < n ? end + 1 : n;
            continue;
        }
        if (c == '&') {
            size_t used = entity(&b, html, i, n);

            if (used) {
                i += used;
                continue;
            }
        }
        if (c == '\r' || c == '\n' || c == '\t')
            c = ' ';
        /* white space in HTML collapses */
        if (c == ' ' && (b.len == 0 || b.data[b.len - 1] == ' ' || b.data[b.len - 1] == '\n')) {
            i++;
            continue;
        }
        at_buf_addch(&b, c);
        i++;
    }
    /* trim each line and allow at most one blank line in a row */
    for (size_t k = 0; k < b.len;) {
        size_t end = k;
        struct at_str line;

        while (end < b.len && b.data[end] != '\n')
            end++;
        line = at_str_trim((struct at_str){b.data + k, end - k});
        if (line.n) {
            if (squeezed.len)
                at_buf_adds(&squeezed, newlines > 1 ? "\n\n" : "\n");
            at_buf_add(&squeezed, line.p, line.n);
            newlines = 0;
        }
        newlines++;
        k = end + 1;
    }
    out = at_arena_strndup(arena, squeezed.data, squeezed.len);
    at_buf_release(&b);
    at_buf_release(&squeezed);
    return out;
}
