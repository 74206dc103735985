/* Outbound mail: RFC 5322 messages written here, sent to the SMTP relay with libcurl. */
#include "mail/mail.h"

#include <curl/curl.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/clock.h"
#include "core/crypto.h"
#include "core/log.h"
#include "core/mem.h"
#include "core/str.h"

#include "core/banned.h"

#define MESSAGE_MAX     (16u * 1024 * 1024)
#define CONNECT_TIMEOUT 10L  /* seconds to reach the relay */
#define SEND_TIMEOUT    120L /* seconds for the whole conversation */

enum starttls { TLS_OFF = 0, TLS_ON, TLS_REQUIRED };

struct smtp {
    struct at_mailer mailer; /* first: the desk sees only this */
    char *url;               /* "smtp://host:port" */
    char *relay;             /* "host:port", for messages */
    char *user;
    char *password;
    enum starttls tls;
    char *from_name, *from_addr, *domain;
};

/* ---- the mail_from setting ---- */

int at_mail_from_parse(const char *mail_from, struct at_arena *arena, const char **name,
                       const char **addr, const char **domain, struct at_errinfo *e)
{
    struct at_str all = at_str_trim(at_str_from(mail_from));
    const char *lt = memchr(all.p ? all.p : "", '<', all.n);
    struct at_str a = all, n = {"", 0};
    char *clean;

    if (lt) {
        const char *gt = memchr(lt, '>', all.n - (size_t)(lt - all.p));

        if (!gt || gt != all.p + all.n - 1)
            goto bad;
        n = at_str_trim((struct at_str){all.p, (size_t)(lt - all.p)});
        if (n.n >= 2 && n.p[0] == '"' && n.p[n.n - 1] == '"')
            n = (struct at_str){n.p + 1, n.n - 2};
        a = at_str_trim((struct at_str){lt + 1, (size_t)(gt - lt - 1)});
    }
    clean = at_arena_strs(arena, a);
    if (!at_desk_email_valid(clean) || !at_utf8_valid(n.p, n.n))
        goto bad;
    *addr = clean;
    *name = at_arena_strs(arena, n);
    *domain = strchr(clean, '@') + 1;
    return 0;
bad:
    return at_errinfo_set(e, AT_EINVAL, "mail_from",
                          "mail_from must be \"Name <address@domain>\" or an address, not '%s'",
                          mail_from);
}

/* ---- writing the message ---- */

static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static void add_base64(struct at_buf *b, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16;
        char q[4];

        if (i + 1 < n)
            v |= (uint32_t)p[i + 1] << 8;
        if (i + 2 < n)
            v |= p[i + 2];
        q[0] = b64[(v >> 18) & 63];
        q[1] = b64[(v >> 12) & 63];
        q[2] = i + 1 < n ? b64[(v >> 6) & 63] : '=';
        q[3] = i + 2 < n ? b64[v & 63] : '=';
        at_buf_add(b, q, 4);
    }
}

static bool plain_ascii(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s >= 0x7F || (unsigned char)*s < 0x20)
            return false;
    return true;
}

/*
 * A header text as RFC 2047 encoded words when it is not plain ASCII: UTF-8 in
 * base64, at most 45 bytes (whole characters) per word, words on folded lines.
 */
static void add_header_text(struct at_buf *b, const char *s)
{
    size_t n = strlen(s), i = 0;

    if (plain_ascii(s)) {
        at_buf_adds(b, s);
        return;
    }
    while (i < n) {
        size_t take = n - i < 45 ? n - i : 45;

        while (i + take < n && ((unsigned char)s[i + take] & 0xC0) == 0x80)
            take--;
        if (i)
            at_buf_adds(b, "\r\n ");
        at_buf_adds(b, "=?UTF-8?B?");
        add_base64(b, (const unsigned char *)s + i, take);
        at_buf_adds(b, "?=");
        i += take;
    }
}

/* A display name: as it is when it is a plain atom run, quoted, or encoded. */
static void add_mailbox(struct at_buf *b, const char *name, const char *addr)
{
    if (name && name[0]) {
        if (!plain_ascii(name)) {
            add_header_text(b, name);
        } else {
            at_buf_addch(b, '"');
            for (const char *p = name; *p; p++) {
                if (*p == '"' || *p == '\\')
                    at_buf_addch(b, '\\');
                at_buf_addch(b, *p);
            }
            at_buf_addch(b, '"');
        }
        at_buf_addch(b, ' ');
    }
    at_buf_addf(b, "<%s>", addr);
}

/* Header values come from the desk; a line break in one would forge headers. */
static const char *one_line(struct at_arena *arena, const char *s)
{
    char *copy = at_arena_strdup(arena, s ? s : "");

    for (char *p = copy; *p; p++)
        if (*p == '\r' || *p == '\n')
            *p = ' ';
    return copy;
}

/* Space-separated ids, folded so no line grows past 78 characters. */
static void add_ids(struct at_buf *b, const char *name, const char *ids)
{
    struct at_str rest = at_str_trim(at_str_from(ids));
    size_t col = strlen(name) + 2;

    at_buf_addf(b, "%s:", name);
    while (rest.n) {
        size_t k = 0;

        while (k < rest.n && rest.p[k] != ' ' && rest.p[k] != '\t')
            k++;
        if (col + 1 + k > 78 && col > strlen(name) + 2) {
            at_buf_adds(b, "\r\n");
            col = 0;
        }
        at_buf_addch(b, ' ');
        at_buf_add(b, rest.p, k);
        col += 1 + k;
        rest = at_str_trim((struct at_str){rest.p + k, rest.n - k});
    }
    at_buf_adds(b, "\r\n");
}

/* Quoted-printable (RFC 2045) with CRLF line ends; lines of at most 76 characters. */
static void add_qp(struct at_buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t col = 0;

    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned char c = *p;
        bool line_end = p[1] == '\n' || (p[1] == '\r' && p[2] == '\n') || p[1] == '\0';
        bool encode;

        if (c == '\r' && p[1] == '\n')
            continue;
        if (c == '\n') {
            at_buf_adds(b, "\r\n");
            col = 0;
            continue;
        }
        encode = c == '=' || c >= 0x7F || (c < 0x20 && c != '\t') ||
                 ((c == ' ' || c == '\t') && line_end) || (c == '.' && col == 0);
        if (col + (encode ? 3 : 1) > 75) {
            at_buf_adds(b, "=\r\n");
            col = 0;
        }
        if (encode) {
            char q[3] = {'=', hex[c >> 4], hex[c & 15]};

            at_buf_add(b, q, 3);
            col += 3;
        } else {
            at_buf_addch(b, (char)c);
            col++;
        }
    }
    at_buf_adds(b, "\r\n");
}

static void add_date(struct at_buf *b, int64_t now)
{
    static const char *const days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    time_t t = (time_t)(now / 1000);
    struct tm tm;

    gmtime_r(&t, &tm);
    at_buf_addf(b, "Date: %s, %02d %s %04d %02d:%02d:%02d +0000\r\n", days[tm.tm_wday], tm.tm_mday,
                months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

int at_mail_build(const char *from_name, const char *from_addr, const struct at_mail_out *m,
                  int64_t now, struct at_buf *out)
{
    struct at_arena arena = AT_ARENA_INIT;
    bool html = m->html && m->html[0];
    char boundary[48], rnd[17];
    /* quoted-printable at most triples a body, plus its soft line breaks; headers are short */
    size_t need =
        4 * (strlen(m->text ? m->text : "") + (html ? strlen(m->html) : 0)) +
        4 * (strlen(m->subject ? m->subject : "") + strlen(m->references ? m->references : "")) +
        8192;

    if (need > out->max - out->len)
        return AT_ETOOBIG;
    at_random_hex(rnd, 8);
    snprintf(boundary, sizeof(boundary), "=_attune_%s", rnd);
    add_date(out, now);
    at_buf_adds(out, "From: ");
    add_mailbox(out, one_line(&arena, from_name), one_line(&arena, from_addr));
    at_buf_adds(out, "\r\nTo: ");
    add_mailbox(out, one_line(&arena, m->to_name), one_line(&arena, m->to));
    at_buf_adds(out, "\r\nSubject: ");
    add_header_text(out, one_line(&arena, m->subject));
    at_buf_addf(out, "\r\nMessage-ID: %s\r\n", one_line(&arena, m->message_id));
    if (m->in_reply_to && m->in_reply_to[0])
        add_ids(out, "In-Reply-To", one_line(&arena, m->in_reply_to));
    if (m->references && m->references[0])
        add_ids(out, "References", one_line(&arena, m->references));
    /* what the system sends by itself says so (RFC 3834); replies people wrote do not */
    if (m->automatic)
        at_buf_adds(out, "Auto-Submitted: auto-generated\r\n");
    at_buf_adds(out, "MIME-Version: 1.0\r\n");
    if (html)
        at_buf_addf(out,
                    "Content-Type: multipart/alternative; boundary=\"%s\"\r\n\r\n"
                    "This is a message in MIME format.\r\n\r\n--%s\r\n",
                    boundary, boundary);
    at_buf_adds(out, "Content-Type: text/plain; charset=utf-8\r\n"
                     "Content-Transfer-Encoding: quoted-printable\r\n\r\n");
    add_qp(out, m->text ? m->text : "");
    if (html) {
        at_buf_addf(out,
                    "\r\n--%s\r\nContent-Type: text/html; charset=utf-8\r\n"
                    "Content-Transfer-Encoding: quoted-printable\r\n\r\n",
                    boundary);
        add_qp(out, m->html);
        at_buf_addf(out, "\r\n--%s--\r\n", boundary);
    }
    at_arena_release(&arena);
    return 0;
}

/* ---- sending ---- */

struct upload {
    const char *p;
    size_t left;
};

static size_t read_message(char *buf, size_t size, size_t nitems, void *arg)
{
    struct upload *u = arg;
    size_t n = size * nitems;

    if (n > u->left)
        n = u->left;
    memcpy(buf, u->p, n);
    u->p += n;
    u->left -= n;
    return n;
}

/*
 * The relay's first refusal (a 4xx or 5xx reply) and the command it answered,
 * for the error message; later replies (to QUIT) do not hide it.
 */
struct dialogue {
    char command[16]; /* the last command sent: "MAIL", "RCPT", "DATA", "AUTH", ... */
    char refused_command[16];
    char reply[200]; /* the refusal, or the last reply when there was none */
    bool refused;
    bool data_sent;
};

/* Replaces every word with an '@' in it by "[address]": addresses are never logged. */
static void hide_addresses(char *s)
{
    char out[200];
    size_t k = 0;

    for (const char *p = s; *p && k < sizeof(out) - 10;) {
        size_t n = strcspn(p, " \t");

        if (memchr(p, '@', n)) {
            memcpy(out + k, "[address]", 9);
            k += 9;
        } else {
            n = n < sizeof(out) - 10 - k ? n : sizeof(out) - 10 - k;
            memcpy(out + k, p, n);
            k += n;
        }
        p += n;
        while ((*p == ' ' || *p == '\t') && k < sizeof(out) - 10)
            out[k++] = *p++;
    }
    out[k] = '\0';
    memcpy(s, out, k + 1);
}

static int on_debug(CURL *c, curl_infotype type, char *data, size_t n, void *arg)
{
    struct dialogue *dlg = arg;
    size_t k = 0;

    (void)c;
    if (type == CURLINFO_HEADER_OUT) {
        while (k < n && k < sizeof(dlg->command) - 1 && data[k] != ' ' && data[k] != '\r')
            k++;
        /* never keep AUTH's arguments: they hold the credentials */
        memcpy(dlg->command, data, k);
        dlg->command[k] = '\0';
    } else if (type == CURLINFO_DATA_OUT) {
        dlg->data_sent = true;
    } else if (type == CURLINFO_HEADER_IN && !dlg->refused) {
        while (k < n && k < sizeof(dlg->reply) - 1 && data[k] != '\r' && data[k] != '\n')
            k++;
        memcpy(dlg->reply, data, k);
        dlg->reply[k] = '\0';
        at_utf8_scrub(dlg->reply);
        hide_addresses(dlg->reply);
        if (n && (data[0] == '4' || data[0] == '5')) {
            dlg->refused = true;
            memcpy(dlg->refused_command, dlg->command, sizeof(dlg->command));
        }
    }
    return 0;
}

static int send_error(const struct smtp *s, CURLcode rc, const struct dialogue *dlg,
                      const char *curl_msg, struct at_errinfo *e)
{
    const char *what, *cmd;

    switch (rc) {
    case CURLE_COULDNT_RESOLVE_HOST:
        return at_errinfo_set(e, AT_EIO, "smtp_host",
                              "cannot find the SMTP relay %s; check smtp_host", s->relay);
    case CURLE_COULDNT_CONNECT:
        return at_errinfo_set(e, AT_EIO, "smtp_host",
                              "cannot connect to the SMTP relay %s (is it running? check "
                              "smtp_host and smtp_port)",
                              s->relay);
    case CURLE_OPERATION_TIMEDOUT:
        return at_errinfo_set(e, AT_EIO, "smtp_host", "the SMTP relay %s did not answer in time",
                              s->relay);
    case CURLE_USE_SSL_FAILED:
        return at_errinfo_set(e, AT_EIO, "smtp_starttls",
                              "the SMTP relay %s offers no STARTTLS and smtp_starttls is required",
                              s->relay);
    case CURLE_LOGIN_DENIED:
        return at_errinfo_set(e, AT_EIO, "smtp_user",
                              "the SMTP relay %s refused the login of smtp_user: %s", s->relay,
                              dlg->reply);
    default:
        break;
    }
    if (!dlg->reply[0])
        return at_errinfo_set(e, AT_EIO, "smtp_host", "sending to the SMTP relay %s failed: %s",
                              s->relay, curl_msg);
    cmd = dlg->refused ? dlg->refused_command : dlg->command;
    what = strcmp(cmd, "MAIL") == 0   ? "refused the sender"
           : strcmp(cmd, "RCPT") == 0 ? "refused the recipient"
           : strcmp(cmd, "AUTH") == 0 ? "refused the login"
           : dlg->data_sent           ? "refused the message"
                                      : "failed";
    return at_errinfo_set(e, AT_EIO, "smtp_host", "the SMTP relay %s %s: %s", s->relay, what,
                          dlg->reply);
}

static int smtp_send(void *ctx, const struct at_mail_out *m, struct at_errinfo *e)
{
    struct smtp *s = ctx;
    struct at_buf msg = AT_BUF_INIT(MESSAGE_MAX);
    struct dialogue dlg = {0};
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *rcpt = NULL;
    struct upload up;
    char from[300], to[300];
    CURL *c = NULL;
    CURLcode rc;
    int ret;

    if (!m->to || !at_desk_email_valid(m->to)) {
        ret = at_errinfo_set(e, AT_EINVAL, "to", "the mail has no valid recipient address");
        goto out;
    }
    ret = at_mail_build(s->from_name, s->from_addr, m, at_clock_now(&at_clock_system), &msg);
    if (ret) {
        ret = at_errinfo_set(e, ret, NULL, "the mail is larger than %u bytes", MESSAGE_MAX);
        goto out;
    }
    c = curl_easy_init();
    if (!c) {
        ret = at_errinfo_set(e, AT_EIO, NULL, "libcurl could not start");
        goto out;
    }
    snprintf(from, sizeof(from), "<%s>", s->from_addr);
    snprintf(to, sizeof(to), "<%s>", m->to);
    rcpt = curl_slist_append(NULL, to);
    up = (struct upload){msg.data, msg.len};
    curl_easy_setopt(c, CURLOPT_URL, s->url);
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_message);
    curl_easy_setopt(c, CURLOPT_READDATA, &up);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)msg.len);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, SEND_TIMEOUT);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_USE_SSL,
                     s->tls == TLS_REQUIRED ? (long)CURLUSESSL_ALL
                     : s->tls == TLS_ON     ? (long)CURLUSESSL_TRY
                                            : (long)CURLUSESSL_NONE);
    if (s->user[0]) {
        curl_easy_setopt(c, CURLOPT_USERNAME, s->user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, s->password);
    }
    curl_easy_setopt(c, CURLOPT_DEBUGFUNCTION, on_debug);
    curl_easy_setopt(c, CURLOPT_DEBUGDATA, &dlg);
    curl_easy_setopt(c, CURLOPT_VERBOSE, 1L);
    rc = curl_easy_perform(c);
    if (rc != CURLE_OK) {
        ret = send_error(s, rc, &dlg, errbuf[0] ? errbuf : curl_easy_strerror(rc), e);
        at_log_warn("mail", "sending %s failed: %s", m->message_id, e ? e->msg : "");
        goto out;
    }
    at_log_info("mail", "sent %s (%zu bytes) through %s", m->message_id, msg.len, s->relay);
out:
    curl_slist_free_all(rcpt);
    if (c)
        curl_easy_cleanup(c);
    at_buf_release(&msg);
    return ret;
}

/* ---- the mailer from the settings ---- */

static char *read_password_file(const char *path, struct at_errinfo *e)
{
    FILE *f = fopen(path, "r");
    char line[1024];
    char *nl;

    if (!f) {
        at_errinfo_set(e, AT_EIO, "smtp_password_file", "cannot read smtp_password_file %s: %s",
                       path, strerror(errno));
        return NULL;
    }
    if (!fgets(line, sizeof(line), f))
        line[0] = '\0';
    fclose(f);
    nl = line + strcspn(line, "\r\n");
    *nl = '\0';
    return at_xstrdup(line);
}

static pthread_once_t curl_once = PTHREAD_ONCE_INIT;

static void curl_start(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct at_mailer *at_mail_smtp_new(const struct at_config *cfg, struct at_errinfo *e)
{
    struct at_arena arena = AT_ARENA_INIT;
    const char *host = at_config_str(cfg, "smtp_host");
    const char *tls = at_config_str(cfg, "smtp_starttls");
    const char *pwfile = at_config_str(cfg, "smtp_password_file");
    const char *name, *addr, *domain;
    struct smtp *s = NULL;
    char *password;
    int64_t port = at_config_int(cfg, "smtp_port");

    at_errinfo_clear(e);
    if (!host[0])
        goto out;
    if (!at_config_str(cfg, "mail_from")[0]) {
        at_errinfo_set(e, AT_EINVAL, "mail_from",
                       "mail_from must be set when smtp_host is: the sender of outbound mail, "
                       "like \"Support <support@example.com>\"");
        goto out;
    }
    if (at_mail_from_parse(at_config_str(cfg, "mail_from"), &arena, &name, &addr, &domain, e))
        goto out;
    if (strpbrk(host, "/@ ?#")) {
        at_errinfo_set(e, AT_EINVAL, "smtp_host",
                       "smtp_host must be a host name or address, "
                       "without scheme or port");
        goto out;
    }
    password =
        pwfile[0] ? read_password_file(pwfile, e) : at_xstrdup(at_config_str(cfg, "smtp_password"));
    if (!password)
        goto out;
    pthread_once(&curl_once, curl_start);
    s = at_xcalloc(1, sizeof(*s));
    s->password = password;
    s->user = at_xstrdup(at_config_str(cfg, "smtp_user"));
    s->tls = strcmp(tls, "required") == 0 ? TLS_REQUIRED
             : strcmp(tls, "on") == 0     ? TLS_ON
                                          : TLS_OFF;
    {
        struct at_buf b = AT_BUF_INIT(AT_BUF_NOLIMIT);
        bool v6 = strchr(host, ':') != NULL;

        at_buf_addf(&b, v6 ? "[%s]:%lld" : "%s:%lld", host, (long long)port);
        s->relay = at_buf_detach(&b, NULL);
        at_buf_addf(&b, "smtp://%s", s->relay);
        s->url = at_buf_detach(&b, NULL);
    }
    s->from_name = at_xstrdup(name);
    s->from_addr = at_xstrdup(addr);
    s->domain = at_xstrdup(domain);
    s->mailer.send = smtp_send;
    s->mailer.ctx = s;
    s->mailer.from = s->from_addr;
    s->mailer.from_name = s->from_name;
    s->mailer.domain = s->domain;
out:
    at_arena_release(&arena);
    return s ? &s->mailer : NULL;
}

void at_mail_smtp_free(struct at_mailer *m)
{
    struct smtp *s = (struct smtp *)m;

    if (!s)
        return;
    if (s->password)
        memset(s->password, 0, strlen(s->password));
    free(s->password);
    free(s->user);
    free(s->url);
    free(s->relay);
    free(s->from_name);
    free(s->from_addr);
    free(s->domain);
    free(s);
}
