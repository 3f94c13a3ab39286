/* identity.c -- SHA-256 (FIPS 180-4) and the canonical text of a plan. */
#include "gscalp/identity.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gscalp/run.h"

#include "gs_commit.h"   /* GS_GIT_COMMIT, written at build time (CMakeLists.txt) */

/* ---------------------------------------------------------------- SHA-256 */

/* FIPS 180-4, section 4.2.2: the first 32 bits of the fractional parts of
 * the cube roots of the first 64 primes. */
static const uint32_t sha_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2 };

static uint32_t rotr(uint32_t x, unsigned n)
{
    return (x >> n) | (x << (32 - n));
}

/* One 64-byte block into the chaining state (section 6.2.2). */
static void sha_block(uint32_t h[8], const unsigned char *p)
{
    uint32_t w[64], a, b, c, d, e, f, g, hh;
    int t;

    for (t = 0; t < 16; t++)
        w[t] = (uint32_t)p[4 * t] << 24 | (uint32_t)p[4 * t + 1] << 16
               | (uint32_t)p[4 * t + 2] << 8 | p[4 * t + 3];
    for (t = 16; t < 64; t++) {
        const uint32_t s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >> 3);
        const uint32_t s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >> 10);
        w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
    for (t = 0; t < 64; t++) {
        const uint32_t t1 = hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g))
                            + sha_k[t] + w[t];
        const uint32_t t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        hh = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += hh;
}

void gs_sha256_init(gs_sha256 *c)
{
    /* Section 5.3.3: square roots of the first 8 primes. */
    static const uint32_t h0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };

    memcpy(c->h, h0, sizeof h0);
    c->bytes = 0;
    c->fill = 0;
}

void gs_sha256_update(gs_sha256 *c, const void *data, size_t n)
{
    const unsigned char *p = data;

    c->bytes += n;
    while (n > 0) {
        size_t take = 64 - c->fill < n ? 64 - c->fill : n;
        memcpy(c->block + c->fill, p, take);
        c->fill += take;
        p += take;
        n -= take;
        if (c->fill == 64) {
            sha_block(c->h, c->block);
            c->fill = 0;
        }
    }
}

void gs_sha256_hex(gs_sha256 *c, char hex[GS_SHA256_HEX])
{
    const uint64_t bits = c->bytes * 8;
    unsigned char pad[72] = { 0x80 };
    size_t padlen = c->fill < 56 ? 56 - c->fill : 120 - c->fill;
    int k;

    /* Section 5.1.1: a 1 bit, zeros, the 64-bit big-endian length. */
    for (k = 0; k < 8; k++)
        pad[padlen + (size_t)k] = (unsigned char)(bits >> (56 - 8 * k));
    gs_sha256_update(c, pad, padlen + 8);
    for (k = 0; k < 8; k++)
        snprintf(hex + 8 * k, 9, "%08x", (unsigned)c->h[k]);
}

/* ---------------------------------------------------------------- the plan */

/* A growing text buffer. */
typedef struct text {
    char *s;
    size_t len, cap;
    int oom;
} text;

static void put(text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(text *t, const char *fmt, ...)
{
    va_list ap;
    int n;

    if (t->oom)
        return;
    for (;;) {
        va_start(ap, fmt);
        n = vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        if (n >= 0 && (size_t)n < t->cap - t->len) {
            t->len += (size_t)n;
            return;
        }
        {
            size_t cap = t->cap * 2 + (n > 0 ? (size_t)n : 0) + 64;
            char *s = realloc(t->s, cap);
            if (s == NULL) {
                t->oom = 1;
                return;
            }
            t->s = s;
            t->cap = cap;
        }
    }
}

char *gs_identity_text(const gs_experiment *x)
{
    text t = { NULL, 0, 0, 0 };
    size_t k;

    put(&t, "gscalp identity 1\nname = %s\n", x->name);
    put(&t, "version = %s\ncommit = %s\n", gs_version(), gs_git_commit());
    put(&t, "seed = %llu\npaths = %llu\nblock_paths = %d\nblocks = %llu\n",
        (unsigned long long)x->seed, (unsigned long long)x->paths, x->block_paths,
        (unsigned long long)gs_run_blocks(x));
    put(&t, "horizon = %.17g\nsteps = %d\n", x->horizon, x->steps);
    put(&t, "market.spot = %.17g\nmarket.rate = %.17g\nmarket.dividend = %.17g\n"
        "market.days_per_year = %.17g\n", x->spot, x->rate, x->dividend, x->days_per_year);
    for (k = 0; k < x->n_sweeps; k++) {
        size_t v;
        put(&t, "sweep[%zu] = %s as %s:", k, x->sweeps[k].key, x->sweeps[k].dim);
        for (v = 0; v < x->sweeps[k].n; v++)
            put(&t, " %.17g", x->sweeps[k].values[v]);
        put(&t, "\n");
    }
    put(&t, "book.implied_vol = %.17g\n", x->book.implied_vol);
    for (k = 0; k < x->book.n_legs; k++)
        put(&t, "book.legs[%zu] = %d %.17g %.17g\n", k, (int)x->book.legs[k].type,
            x->book.legs[k].strike, x->book.legs[k].quantity);
    for (k = 0; k < x->n_regimes; k++) {
        const gs_regime *g = &x->regimes[k];
        put(&t, "regime[%zu] = \"%s\" stream \"%s\" kind %d sigma %.17g drift %.17g\n", k,
            g->label, g->stream, (int)g->kind, g->sigma, g->drift);
    }
    for (k = 0; k < x->n_policies; k++) {
        const gs_policy *p = &x->policies[k];
        put(&t, "policy[%zu] = \"%s\" kind %d every %d vol %d %.17g\n", k, p->label,
            (int)p->kind, p->every, (int)p->vol, p->vol_value);
    }
    for (k = 0; k < x->n_costs; k++) {
        const gs_cost *c = &x->costs[k];
        put(&t, "cost[%zu] = \"%s\" bp %.17g fixed %.17g initial %d final %d\n", k, c->label,
            c->proportional_bp, c->fixed, c->pay_initial, c->pay_final);
    }
    put(&t, "output.histogram_bins = %d\noutput.quantile_accuracy = %.17g\n"
        "output.sketch_buckets = %u\noutput.quantiles =", x->histogram_bins,
        x->quantile_accuracy, (unsigned)x->sketch_buckets);
    for (k = 0; k < x->n_quantiles; k++)
        put(&t, " %.17g", x->quantiles[k]);
    put(&t, "\ndata_files = 0\n");
    if (t.oom) {
        free(t.s);
        return NULL;
    }
    return t.s;
}

int gs_identity(const gs_experiment *x, char hex[GS_SHA256_HEX])
{
    char *s = gs_identity_text(x);
    gs_sha256 c;

    if (s == NULL)
        return -1;
    gs_sha256_init(&c);
    gs_sha256_update(&c, s, strlen(s));
    gs_sha256_hex(&c, hex);
    free(s);
    return 0;
}

const char *gs_version(void)
{
    return GS_VERSION;
}

const char *gs_git_commit(void)
{
    return GS_GIT_COMMIT;
}
