/* test_identity.c -- SHA-256 against FIPS 180-4's examples; what a run's identity depends on. */
#include "gscalp/identity.h"
#include "testutil.h"

#include <stdlib.h>
#include <string.h>

static void digest(const void *data, size_t n, char hex[GS_SHA256_HEX])
{
    gs_sha256 c;

    gs_sha256_init(&c);
    gs_sha256_update(&c, data, n);
    gs_sha256_hex(&c, hex);
}

/* The examples of FIPS 180-4's companion document (NIST, "SHA256.pdf") and
 * the million-'a' test of FIPS 180-2 appendix B.3; fed in odd pieces too. */
START_TEST(test_sha256_known)
{
    static const char two_blocks[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    char hex[GS_SHA256_HEX], *million = malloc(1000000);
    gs_sha256 c;
    size_t k;

    digest("", 0, hex);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    digest("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    digest(two_blocks, strlen(two_blocks), hex);
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    memset(million, 'a', 1000000);
    gs_sha256_init(&c);
    for (k = 0; k < 1000000; k += 999)
        gs_sha256_update(&c, million + k, k + 999 <= 1000000 ? 999 : 1000000 - k);
    gs_sha256_hex(&c, hex);
    ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    free(million);
}
END_TEST

static const char base[] =
    "name = \"id\"; paths = 1000; seed = 7; horizon = 1.0; steps = 50;\n"
    "market = { spot = 100.0; rate = 0.05; };\n"
    "book = { implied_vol = 0.2; legs = ( { type = \"call\"; strike = 100.0; } ); };\n"
    "regimes = ( { name = \"g\"; sigma = 0.25; } );\n"
    "policies = ( { every = [1, 5]; } );\n"
    "costs = ( { proportional_bp = [0.0, 10.0]; } );\n";

static void identity_of(const char *text, char hex[GS_SHA256_HEX])
{
    gs_error err;
    gs_experiment *x = gs_experiment_parse(text, "id.cfg", &err);

    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_int_eq(gs_identity(x, hex), 0);
    gs_experiment_free(x);
}

static char *edit(const char *from, const char *to)
{
    const char *at = strstr(base, from);
    char *s = malloc(strlen(base) + strlen(to) + 1);

    ck_assert_ptr_nonnull(at);
    memcpy(s, base, (size_t)(at - base));
    strcpy(s + (at - base), to);
    strcat(s, at + strlen(from));
    return s;
}

/* The plan, not the text: comments, spacing, key order and spelling out a
 * default leave the identity alone; every change to the plan, the seed or
 * the block layout changes it. */
START_TEST(test_identity_of_plan)
{
    static const struct { const char *from, *to; int same; } cases[] = {
        { "seed = 7;", "seed = 7; /* a comment */", 1 },
        { "paths = 1000; seed = 7;", "seed = 7;   paths = 1000;", 1 },
        { "rate = 0.05;", "rate = 0.05; dividend = 0.0;", 1 },
        { "seed = 7;", "seed = 8;", 0 },
        { "paths = 1000;", "paths = 1001;", 0 },
        { "paths = 1000;", "paths = 1000; block_paths = 256;", 0 },
        { "sigma = 0.25;", "sigma = 0.2500000001;", 0 },
        { "every = [1, 5];", "every = [5, 1];", 0 },
        { "[0.0, 10.0]", "[0.0, 10.0]; fixed = 0.01", 0 },
        { "name = \"id\";", "name = \"id2\";", 0 },
        { "strike = 100.0;", "strike = 100.0; quantity = -1.0;", 0 },
        { "regimes = ( { name = \"g\";", "regimes = ( { name = \"g\"; stream = \"s\";", 0 },
        { "rate = 0.05;", "rate = 0.05; days_per_year = 365;", 0 },
        { "implied_vol = 0.2;", "implied_vol = [0.2, 0.3];", 0 },
        { "implied_vol = 0.2;", "implied_vol = [0.3, 0.2];", 0 },
    };
    char ref[GS_SHA256_HEX], other[GS_SHA256_HEX];
    size_t k;

    identity_of(base, ref);
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *t = edit(cases[k].from, cases[k].to);
        identity_of(t, other);
        ck_assert_msg((strcmp(ref, other) == 0) == cases[k].same, "case %zu: %s", k, cases[k].to);
        free(t);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("identity");
    TCase *tc = tcase_create("identity");

    tcase_add_test(tc, test_sha256_known);
    tcase_add_test(tc, test_identity_of_plan);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
