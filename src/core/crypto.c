#include "core/crypto.h"

#include <sodium.h>
#include <stdatomic.h>
#include <string.h>

#include "core/err.h"

#include "core/banned.h"

static atomic_ullong ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static atomic_size_t mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;

int at_crypto_init(void)
{
    return sodium_init() < 0 ? AT_EIO : 0;
}

bool at_crypto_set_cost(const char *name)
{
    if (strcmp(name, "interactive") == 0) {
        ops_limit = crypto_pwhash_OPSLIMIT_INTERACTIVE;
        mem_limit = crypto_pwhash_MEMLIMIT_INTERACTIVE;
    } else if (strcmp(name, "moderate") == 0) {
        ops_limit = crypto_pwhash_OPSLIMIT_MODERATE;
        mem_limit = crypto_pwhash_MEMLIMIT_MODERATE;
    } else if (strcmp(name, "min") == 0) {
        ops_limit = crypto_pwhash_OPSLIMIT_MIN;
        mem_limit = crypto_pwhash_MEMLIMIT_MIN;
    } else {
        return false;
    }
    return true;
}

int at_password_hash(const char *password, char out[AT_PWHASH_LEN])
{
    if (crypto_pwhash_str_alg(out, password, strlen(password), ops_limit, mem_limit,
                              crypto_pwhash_ALG_ARGON2ID13) != 0)
        return AT_EIO;
    return 0;
}

bool at_password_verify(const char *hash, const char *password)
{
    if (!hash || !hash[0] || !password)
        return false;
    return crypto_pwhash_str_verify(hash, password, strlen(password)) == 0;
}

void at_random_hex(char *out, size_t nbytes)
{
    unsigned char raw[64];

    while (nbytes) {
        size_t n = nbytes > sizeof(raw) ? sizeof(raw) : nbytes;

        randombytes_buf(raw, n);
        sodium_bin2hex(out, n * 2 + 1, raw, n);
        out += n * 2;
        nbytes -= n;
    }
    *out = '\0';
}

void at_sha256_hex(const void *p, size_t n, char out[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];

    crypto_hash_sha256(h, p, n);
    sodium_bin2hex(out, 65, h, sizeof(h));
}

bool at_secret_eq(const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b);

    if (na != nb)
        return false;
    return sodium_memcmp(a, b, na) == 0;
}
