#ifndef AT_CRYPTO_H
#define AT_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>

/* Room for an argon2id hash string (libsodium's crypto_pwhash_STRBYTES). */
#define AT_PWHASH_LEN 128

/* Starts libsodium. Returns 0, or AT_EIO when it cannot start. Safe to call twice. */
int at_crypto_init(void);

/*
 * Sets the argon2id cost: "interactive" (the default: 64 MiB, about 0.1 s),
 * "moderate" or "min" (for tests only). Returns false for an unknown name.
 */
bool at_crypto_set_cost(const char *name);

/* Hashes `password` with argon2id into `out`. Returns 0, or AT_EIO when out of memory. */
int at_password_hash(const char *password, char out[AT_PWHASH_LEN]);

/* True when `password` matches the stored argon2id `hash`. */
bool at_password_verify(const char *hash, const char *password);

/* Fills `out` with `nbytes` random bytes written as lowercase hex (out: 2*nbytes+1 bytes). */
void at_random_hex(char *out, size_t nbytes);

/* SHA-256 of `p[0..n)` as 64 lowercase hex digits and a NUL. */
void at_sha256_hex(const void *p, size_t n, char out[65]);

/* Compares two NUL-terminated strings in time that does not depend on where they differ. */
bool at_secret_eq(const char *a, const char *b);

#endif
