/* Sign-in, accounts, tokens, customers, users and the audit log over HTTP. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "core/crypto.h"
#include "core/str.h"
#include "desk/account.h"
#include "desk/session.h"
#include "http/http.h"

#include "core/banned.h"

#define RESET_TTL_MS (60LL * 60 * 1000)

static int64_t session_ttl(struct at_req *req)
{
    return at_config_int(req->cfg, "session_hours") * 3600 * 1000;
}

/* Starts a session for `u` and answers with the user and the CSRF token. */
static void sign_in(struct at_req *req, const struct at_user *u, int status)
{
    char id[AT_DESK_SECRET_HEX + 1], csrf[AT_DESK_SECRET_HEX + 1];
    int ret = at_desk_session_create(req->desk->store, u->id, req->now, session_ttl(req), id, csrf);

    if (ret)
        return at_http_fail(req, ret, NULL);
    req->set_cookie = at_arena_printf(&req->arena,
                                      "attune_session=%s; HttpOnly; SameSite=Lax; Path=/; "
                                      "Max-Age=%lld",
                                      id, (long long)(session_ttl(req) / 1000));
    at_http_reply(req, status, json_pack("{s:o, s:s}", "user", at_json_user(u), "csrf", csrf));
}

void at_h_login(struct at_req *req)
{
    static const char *const fields[] = {"email", "password", NULL};
    const char *email = NULL, *password = NULL;
    json_t *body = at_http_body(req, fields, false);
    struct at_errinfo e = {0};
    struct at_user u;
    int64_t wait;
    int ret;

    if (!body)
        return;
    if (!at_http_str(req, body, "email", &email) || !at_http_str(req, body, "password", &password))
        goto out;
    ret = at_desk_login(req->desk, email, password, req->address, &req->arena, &u, &wait, &e);
    if (ret == AT_ERATE)
        req->retry_after = at_arena_printf(&req->arena, "%lld", (long long)wait);
    if (ret)
        at_http_fail(req, ret, &e);
    else
        sign_in(req, &u, 200);
out:
    json_decref(body);
}

void at_h_logout(struct at_req *req)
{
    if (req->auth == AT_AUTH_COOKIE)
        req->desk->store->people->session_delete(req->desk->store, req->session_hash);
    req->set_cookie = "attune_session=; HttpOnly; SameSite=Lax; Path=/; Max-Age=0";
    at_http_reply(req, 200, json_pack("{s:b}", "ok", 1));
}

void at_h_me(struct at_req *req)
{
    at_http_reply(req, 200,
                  json_pack("{s:o, s:o}", "user", at_json_user(&req->user), "csrf",
                            req->csrf ? json_string(req->csrf) : json_null()));
}

void at_h_signup(struct at_req *req)
{
    static const char *const fields[] = {"email", "password", "name", NULL};
    const char *email = NULL, *password = NULL, *name = NULL;
    json_t *body = at_http_body(req, fields, false);
    struct at_errinfo e = {0};
    struct at_user u;
    int ret;

    if (!body)
        return;
    if (!at_http_str(req, body, "email", &email) ||
        !at_http_str(req, body, "password", &password) || !at_http_str(req, body, "name", &name))
        goto out;
    if (!password || !password[0]) {
        at_http_error(req, 422, "invalid", "password", "password is required");
        goto out;
    }
    ret = at_desk_signup(req->desk, email, name, password, &req->arena, &u, &e);
    if (ret)
        at_http_fail(req, ret, &e);
    else
        sign_in(req, &u, 201);
out:
    json_decref(body);
}

void at_h_password_reset(struct at_req *req)
{
    static const char *const fields[] = {"token", "password", NULL};
    const char *token = NULL, *password = NULL;
    json_t *body = at_http_body(req, fields, false);
    struct at_errinfo e = {0};
    char hash[65];
    int ret;

    if (!body)
        return;
    if (!at_http_str(req, body, "token", &token) || !at_http_str(req, body, "password", &password))
        goto out;
    if (!token || !password) {
        at_http_error(req, 422, "invalid", token ? "password" : "token",
                      "token and password are required");
        goto out;
    }
    /* check the password before the token is used up */
    if (strlen(password) < 8 || strlen(password) > 1024) {
        at_http_error(req, 422, "invalid", "password", "password must have 8 to 1024 characters");
        goto out;
    }
    at_desk_secret_hash(token, hash);
    ret = at_desk_password_reset(req->desk, hash, password, req->address, &e);
    if (ret)
        at_http_fail(req, ret, &e);
    else
        at_http_reply(req, 200, json_pack("{s:b}", "ok", 1));
out:
    json_decref(body);
}

/* ---- API tokens ---- */

void at_h_tokens_list(struct at_req *req)
{
    struct at_errinfo e = {0};
    struct at_api_token *toks;
    json_t *list;
    size_t n;
    int ret;

    ret = at_desk_token_list(req->desk, &req->actor, &req->arena, &toks, &n, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    list = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            list, json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:o}", "id", (json_int_t)toks[i].id,
                            "user_id", (json_int_t)toks[i].user_id, "name", toks[i].name, "prefix",
                            toks[i].prefix, "created_at", at_json_time(toks[i].created_at),
                            "last_used_at", at_json_time(toks[i].last_used_at), "revoked_at",
                            at_json_time(toks[i].revoked_at)));
    at_http_reply(req, 200, json_pack("{s:o}", "tokens", list));
}

void at_h_tokens_create(struct at_req *req)
{
    static const char *const fields[] = {"name", NULL};
    const char *name = "";
    json_t *body = at_http_body(req, fields, true);
    char token[AT_API_TOKEN_LEN + 1];
    struct at_errinfo e = {0};
    int64_t id;
    int ret;

    if (!body)
        return;
    if (!at_http_str(req, body, "name", &name))
        goto out;
    ret = at_desk_token_create(req->desk, &req->actor, req->user.id, name, req->address, token, &id,
                               &e);
    if (ret) {
        at_http_fail(req, ret, &e);
        goto out;
    }
    at_http_reply(req, 201,
                  json_pack("{s:I, s:s, s:s, s:s%}", "id", (json_int_t)id, "token", token, "name",
                            name, "prefix", token, (size_t)11));
out:
    json_decref(body);
}

void at_h_tokens_revoke(struct at_req *req)
{
    struct at_errinfo e = {0};
    int ret = at_desk_token_revoke(req->desk, &req->actor, req->id, req->address, &e);

    if (ret)
        return at_http_fail(req, ret, &e);
    at_http_reply(req, 200, json_pack("{s:b}", "ok", 1));
}

/* ---- customers ---- */

static bool customer_fields(struct at_req *req, json_t *body, struct at_customer_change *ch)
{
    json_t *ltv = json_object_get(body, "lifetime_value");

    if (!at_http_str(req, body, "name", &ch->name) ||
        !at_http_str(req, body, "preferred_name", &ch->preferred_name) ||
        !at_http_str(req, body, "phone", &ch->phone) ||
        !at_http_str(req, body, "company", &ch->company) ||
        !at_http_str(req, body, "tier", &ch->tier) || !at_http_str(req, body, "notes", &ch->notes))
        return false;
    if (ltv && !json_is_null(ltv)) {
        double v = json_is_number(ltv) ? json_number_value(ltv) : -1;

        if (!json_is_number(ltv) || !(v >= 0 && v <= 1e13)) {
            at_http_error(req, 422, "invalid", "lifetime_value",
                          "lifetime_value must be a number from 0 to 10,000,000,000,000");
            return false;
        }
        ch->set_value = true;
        ch->lifetime_value_cents = llround(v * 100.0);
    }
    return true;
}

void at_h_customers_list(struct at_req *req)
{
    static const char *const params[] = {"q", "after", "limit", NULL};
    struct at_customer *list;
    struct at_errinfo e = {0};
    int64_t after = 0, limit = 50;
    const char *v;
    json_t *items;
    size_t n;
    int ret;

    if (!at_http_query_only(req, params))
        return;
    if ((v = at_http_query(req, "after")) && (!at_cstr_to_i64(v, &after) || after < 0))
        return at_http_error(req, 400, "invalid", "after", "after must be a customer id");
    if ((v = at_http_query(req, "limit")) &&
        (!at_cstr_to_i64(v, &limit) || limit < 1 || limit > 200))
        return at_http_error(req, 400, "invalid", "limit", "limit must be from 1 to 200");
    ret = at_desk_customer_list(req->desk, &req->actor, at_http_query(req, "q"), after,
                                (size_t)limit, &req->arena, &list, &n, &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, at_json_customer(&list[i]));
    at_http_reply(
        req, 200,
        json_pack("{s:o, s:o}", "customers", items, "next",
                  (int64_t)n == limit
                      ? json_string(at_arena_printf(&req->arena, "%lld", (long long)list[n - 1].id))
                      : json_null()));
}

void at_h_customers_create(struct at_req *req)
{
    static const char *const fields[] = {"name",           "email",   "preferred_name",
                                         "phone",          "company", "tier",
                                         "lifetime_value", "notes",   NULL};
    struct at_customer_change ch = {0};
    struct at_customer c = {0}, out;
    struct at_errinfo e = {0};
    json_t *body = at_http_body(req, fields, false);
    int ret;

    if (!body)
        return;
    if (!customer_fields(req, body, &ch) || !at_http_str(req, body, "email", &c.email))
        goto out;
    c.name = ch.name;
    c.preferred_name = ch.preferred_name;
    c.phone = ch.phone;
    c.company = ch.company;
    c.tier = ch.tier;
    c.notes = ch.notes;
    c.lifetime_value_cents = ch.lifetime_value_cents;
    ret = at_desk_customer_add(req->desk, &req->actor, &c, &req->arena, &out, &e);
    if (ret)
        at_http_fail(req, ret, &e);
    else
        at_http_reply(req, 201, at_json_customer(&out));
out:
    json_decref(body);
}

void at_h_customer_get(struct at_req *req)
{
    struct at_customer c;
    struct at_ticket *history;
    struct at_errinfo e = {0};
    json_t *o, *items;
    size_t n;
    int ret;

    if (!at_http_query_only(req, NULL))
        return;
    ret = at_desk_customer_get(req->desk, &req->actor, req->id, &req->arena, &c, &e);
    if (ret == 0)
        ret = at_desk_customer_history(req->desk, &req->actor, req->id, &req->arena, &history, &n,
                                       &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    o = at_json_customer(&c);
    items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, at_json_ticket(&history[i]));
    json_object_set_new(o, "history", items);
    at_http_reply(req, 200, o);
}

void at_h_customer_patch(struct at_req *req)
{
    static const char *const fields[] = {"name", "preferred_name", "phone", "company",
                                         "tier", "lifetime_value", "notes", NULL};
    struct at_customer_change ch = {0};
    struct at_customer out;
    struct at_errinfo e = {0};
    json_t *body = at_http_body(req, fields, false);
    int ret;

    if (!body)
        return;
    if (!customer_fields(req, body, &ch))
        goto out;
    ret = at_desk_customer_update(req->desk, &req->actor, req->id, &ch, &req->arena, &out, &e);
    if (ret)
        at_http_fail(req, ret, &e);
    else
        at_http_reply(req, 200, at_json_customer(&out));
out:
    json_decref(body);
}

/* ---- users and the audit log ---- */

void at_h_users_list(struct at_req *req)
{
    struct at_user *users;
    struct at_errinfo e = {0};
    json_t *items;
    size_t n;
    int ret = at_desk_user_list(req->desk, &req->actor, &req->arena, &users, &n, &e);

    if (ret)
        return at_http_fail(req, ret, &e);
    items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(items, at_json_user(&users[i]));
    at_http_reply(req, 200, json_pack("{s:o}", "users", items));
}

void at_h_users_create(struct at_req *req)
{
    static const char *const fields[] = {"email", "name", "role", "password", NULL};
    const char *email = NULL, *name = NULL, *role_s = NULL, *password = NULL;
    json_t *body = at_http_body(req, fields, false);
    struct at_errinfo e = {0};
    char generated[33] = "";
    enum at_role role;
    struct at_user u;
    json_t *o;
    int ret;

    if (!body)
        return;
    if (!at_http_str(req, body, "email", &email) || !at_http_str(req, body, "name", &name) ||
        !at_http_str(req, body, "role", &role_s) || !at_http_str(req, body, "password", &password))
        goto out;
    if (!role_s || !at_role_parse(role_s, &role)) {
        at_http_error(req, 422, "invalid", "role", "role must be admin, lead, agent or customer");
        goto out;
    }
    if (!password) {
        at_random_hex(generated, 8);
        password = generated;
    }
    ret = at_desk_user_create(req->desk, &req->actor, email, name, role, password, req->address,
                              &req->arena, &u, &e);
    if (ret) {
        at_http_fail(req, ret, &e);
        goto out;
    }
    o = at_json_user(&u);
    if (generated[0])
        json_object_set_new(o, "password", json_string(generated));
    at_http_reply(req, 201, o);
out:
    json_decref(body);
}

void at_h_user_patch(struct at_req *req)
{
    static const char *const fields[] = {"role", "disabled", "name", NULL};
    struct at_user_change ch = {0};
    const char *role_s = NULL;
    json_t *body = at_http_body(req, fields, false);
    struct at_errinfo e = {0};
    struct at_user u;
    int ret;

    if (!body)
        return;
    if (!at_http_str(req, body, "role", &role_s) ||
        !at_http_bool(req, body, "disabled", &ch.disabled, &ch.set_disabled) ||
        !at_http_str(req, body, "name", &ch.name))
        goto out;
    if (role_s) {
        if (!at_role_parse(role_s, &ch.role)) {
            at_http_error(req, 422, "invalid", "role",
                          "role must be admin, lead, agent or customer");
            goto out;
        }
        ch.set_role = true;
    }
    ret = at_desk_user_update(req->desk, &req->actor, req->id, &ch, req->address, &req->arena, &u,
                              &e);
    if (ret)
        at_http_fail(req, ret, &e);
    else
        at_http_reply(req, 200, at_json_user(&u));
out:
    json_decref(body);
}

void at_h_audit_list(struct at_req *req)
{
    struct at_audit *list;
    struct at_errinfo e = {0};
    int64_t before, limit;
    json_t *items;
    size_t n;
    int ret;

    if (!at_http_page_back(req, "an entry id", &before, &limit))
        return;
    ret = at_desk_audit_list(req->desk, &req->actor, before, (size_t)limit, &req->arena, &list, &n,
                             &e);
    if (ret)
        return at_http_fail(req, ret, &e);
    items = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            items,
            json_pack("{s:I, s:o, s:s, s:s, s:s, s:s, s:s, s:o}", "id", (json_int_t)list[i].id,
                      "actor_id", list[i].actor_id ? json_integer(list[i].actor_id) : json_null(),
                      "actor_name", list[i].actor_name, "action", list[i].action, "target",
                      list[i].target, "detail", list[i].detail, "address", list[i].address,
                      "created_at", at_json_time(list[i].created_at)));
    at_http_reply(
        req, 200,
        json_pack("{s:o, s:o}", "entries", items, "next",
                  (int64_t)n == limit
                      ? json_string(at_arena_printf(&req->arena, "%lld", (long long)list[n - 1].id))
                      : json_null()));
}

/* The routes of this file and the roles each admits (see at_route, http.h). */
const struct at_route at_routes_people[] = {
    {"POST", "/api/login", AT_R_ANON, at_h_login},
    {"POST", "/api/logout", AT_R_ALL, at_h_logout},
    {"GET", "/api/me", AT_R_ALL, at_h_me},
    {"POST", "/api/signup", AT_R_ANON, at_h_signup},
    {"POST", "/api/password-reset", AT_R_ANON, at_h_password_reset},
    {"GET", "/api/tokens", AT_R_ALL, at_h_tokens_list},
    {"POST", "/api/tokens", AT_R_ALL, at_h_tokens_create},
    {"DELETE", "/api/tokens/{id}", AT_R_ALL, at_h_tokens_revoke},
    {"GET", "/api/customers", AT_R_STAFF, at_h_customers_list},
    {"POST", "/api/customers", AT_R_STAFF, at_h_customers_create},
    {"GET", "/api/customers/{id}", AT_R_ALL, at_h_customer_get},
    {"PATCH", "/api/customers/{id}", AT_R_STAFF, at_h_customer_patch},
    {"GET", "/api/users", AT_R_STAFF, at_h_users_list},
    {"POST", "/api/users", AT_R_ADMIN, at_h_users_create},
    {"PATCH", "/api/users/{id}", AT_R_ADMIN, at_h_user_patch},
    {"GET", "/api/audit", AT_R_ADMIN, at_h_audit_list},
    {NULL, NULL, 0, NULL},
};
