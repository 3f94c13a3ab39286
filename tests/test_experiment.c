/* test_experiment.c -- parsing, sweeps, defaults and every documented input error. */
#define _POSIX_C_SOURCE 200809L
#include "gscalp/experiment.h"
#include "gscalp/identity.h"
#include "gscalp/rng.h"
#include "gscalp/sketch.h"
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* A valid experiment; each error case edits one piece of it. Line numbers
 * below refer to this text. */
static const char base[] =
    "name = \"t\";\n"                                              /* 1 */
    "paths = 1000;\n"                                              /* 2 */
    "seed = 7;\n"                                                  /* 3 */
    "horizon = 1.0;\n"                                             /* 4 */
    "steps = 50;\n"                                                /* 5 */
    "market = { spot = 100.0; rate = 0.05; dividend = 0.01; };\n"  /* 6 */
    "book = { implied_vol = 0.2;\n"                                /* 7 */
    "  legs = ( { type = \"call\"; strike = 100.0; quantity = 1.0; },\n" /* 8 */
    "           { type = \"put\"; strike = 90.0; quantity = -2.0; } ); };\n" /* 9 */
    "regimes = ( { name = \"g\"; kind = \"constant\"; sigma = 0.25; drift = 0.03; } );\n" /* 10 */
    "policies = ( { kind = \"time\"; every = [1, 5]; hedge_vol = \"implied\"; } );\n"   /* 11 */
    "costs = ( { proportional_bp = [0.0, 10.0]; fixed = 0.0; } );\n"                    /* 12 */
    "output = { histogram_bins = 50; quantiles = [0.1, 0.5, 0.9]; };\n";                 /* 13 */

/* base with the first occurrence of `from` replaced by `to`. */
static char *edit(const char *from, const char *to)
{
    const char *at = strstr(base, from);
    size_t n = strlen(base) - strlen(from) + strlen(to) + 1;
    char *s = malloc(n);

    ck_assert_msg(at != NULL, "test bug: '%s' not in base", from);
    memcpy(s, base, (size_t)(at - base));
    strcpy(s + (at - base), to);
    strcat(s, at + strlen(from));
    return s;
}

START_TEST(test_valid_base)
{
    gs_error err;
    gs_experiment *x;

    gs_error_clear(&err);
    x = gs_experiment_parse(base, "t.cfg", &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_str_eq(x->name, "t");
    ck_assert_uint_eq(x->paths, 1000);
    ck_assert_uint_eq(x->seed, 7);
    ck_assert_int_eq(x->steps, 50);
    ck_assert_double_eq(x->dividend, 0.01);
    ck_assert_uint_eq(x->book.n_legs, 2);
    ck_assert_int_eq(x->book.legs[1].type, GS_PUT);
    ck_assert_double_eq(x->book.legs[1].quantity, -2.0);
    ck_assert_uint_eq(x->book.n_strikes, 2);
    ck_assert_uint_eq(x->n_regimes, 1);
    ck_assert_double_eq(x->regimes[0].sigma, 0.25);
    ck_assert_uint_eq(x->n_policies, 2);
    ck_assert_int_eq(x->policies[1].every, 5);
    ck_assert_str_eq(x->policies[1].label, "every 5");
    ck_assert_uint_eq(x->n_costs, 2);
    ck_assert_str_eq(x->costs[1].label, "10bp");
    ck_assert_int_eq(x->costs[1].pay_initial, 1);
    ck_assert_int_eq(x->histogram_bins, 50);
    ck_assert_uint_eq(x->n_quantiles, 3);
    ck_assert_uint_eq(gs_experiment_cells(x), 4);
    ck_assert_str_eq(x->source, base);
    gs_experiment_free(x);
}
END_TEST

START_TEST(test_defaults)
{
    static const char text[] =
        "name = \"d\"; paths = 10; horizon = 0.5; steps = 10;\n"
        "market = { spot = 50.0; };\n"
        "book = { implied_vol = 0.3; legs = ( { type = \"put\"; strike = 50.0; } ); };\n"
        "regimes = ( { name = \"a\"; sigma = 0.3; } );\n"
        "policies = ( { every = 2; } );\n";
    gs_error err;
    gs_experiment *x = gs_experiment_parse(text, "d.cfg", &err);

    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_uint_eq(x->seed, 1);
    ck_assert_double_eq(x->rate, 0.0);
    ck_assert_double_eq(x->book.legs[0].quantity, 1.0);
    ck_assert_double_eq(x->regimes[0].drift, 0.0);   /* rate - dividend */
    ck_assert_int_eq(x->policies[0].vol, GS_HEDGE_VOL_IMPLIED);
    ck_assert_uint_eq(x->n_costs, 1);
    ck_assert_double_eq(x->costs[0].proportional_bp, 0.0);
    ck_assert_int_eq(x->histogram_bins, 200);
    ck_assert_uint_eq(x->n_quantiles, 7);
    ck_assert_int_eq(x->block_paths, 512);
    ck_assert_double_eq(x->quantile_accuracy, 0.01);
    ck_assert_uint_eq(x->sketch_buckets, 2048);
    ck_assert_str_eq(x->regimes[0].stream, "");
    ck_assert_uint_eq(x->regimes[0].stream_hash, gs_rng_label_hash(""));
    gs_experiment_free(x);
}
END_TEST

/* Swept labels carry the digits a value needs: near values do not collide,
 * and -0 is 0 (one label, so a sweep of both is a repeat). */
START_TEST(test_sweep_labels_exact)
{
    char *t = edit("sigma = 0.25; drift = 0.03;", "sigma = [0.2, 0.2000001]; drift = 0.03;");
    char *u = edit("proportional_bp = [0.0, 10.0];", "proportional_bp = [1.0, 1.00000000000001];");
    char *v = edit("sigma = 0.25; drift = 0.03;", "sigma = [0.0, -0.0]; drift = 0.03;");
    gs_error err;
    gs_experiment *x = gs_experiment_parse(t, "s.cfg", &err);

    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_str_eq(x->regimes[0].label, "g sigma=0.2");
    ck_assert_str_eq(x->regimes[1].label, "g sigma=0.2000001");
    gs_experiment_free(x);
    x = gs_experiment_parse(u, "s.cfg", &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_str_eq(x->costs[1].label, "1.00000000000001bp");
    gs_experiment_free(x);
    x = gs_experiment_parse(v, "s.cfg", &err);
    ck_assert_ptr_null(x);
    ck_assert_msg(strstr(err.msg, "'g sigma=0'") != NULL, "%s", err.msg);
    free(t);
    free(u);
    free(v);
}
END_TEST

START_TEST(test_sweeps_cross)
{
    char *t1 = edit("sigma = 0.25; drift = 0.03;", "sigma = [0.1, 0.2]; drift = (0.0, 0.05);");
    char *t2;
    gs_error err;
    gs_experiment *x = gs_experiment_parse(t1, "s.cfg", &err);

    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_uint_eq(x->n_regimes, 4);
    ck_assert_str_eq(x->regimes[0].label, "g sigma=0.1 drift=0");
    ck_assert_str_eq(x->regimes[3].label, "g sigma=0.2 drift=0.05");
    ck_assert_double_eq(x->regimes[2].sigma, 0.2);
    ck_assert_double_eq(x->regimes[2].drift, 0.0);
    gs_experiment_free(x);
    t2 = edit("hedge_vol = \"implied\";", "hedge_vol = (\"implied\", \"realized\", 0.3);");
    x = gs_experiment_parse(t2, "s.cfg", &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_uint_eq(x->n_policies, 6);
    ck_assert_str_eq(x->policies[1].label, "every 1 hedge_vol=realized");
    ck_assert_str_eq(x->policies[2].label, "every 1 hedge_vol=0.3");
    ck_assert_double_eq(gs_experiment_hedge_vol(x, &x->policies[1], &x->regimes[0]), 0.25);
    ck_assert_double_eq(gs_experiment_hedge_vol(x, &x->policies[2], &x->regimes[0]), 0.3);
    ck_assert_double_eq(gs_experiment_hedge_vol(x, &x->policies[0], &x->regimes[0]), 0.2);
    gs_experiment_free(x);
    free(t1);
    free(t2);
}
END_TEST

/* Global keys sweep as dimensions: cases in the cross product, the first
 * swept key (in table order) outermost. */
START_TEST(test_sweep_cases)
{
    char *t1 = edit("implied_vol = 0.2;", "implied_vol = [0.1, 0.2];");
    char *t2 = NULL;
    gs_error err;
    gs_experiment *x;
    gs_case c;

    t2 = malloc(strlen(t1) + 64);
    {
        const char *at = strstr(t1, "strike = 100.0;");
        memcpy(t2, t1, (size_t)(at - t1));
        strcpy(t2 + (at - t1), "strike = [90.0, 100.0, 110.0];");
        strcat(t2, at + strlen("strike = 100.0;"));
    }
    x = gs_experiment_parse(t2, "s.cfg", &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_uint_eq(x->n_sweeps, 2);
    ck_assert_str_eq(x->sweeps[0].dim, "implied_vol");
    ck_assert_str_eq(x->sweeps[0].key, "book.implied_vol");
    ck_assert_str_eq(x->sweeps[1].dim, "leg0_strike");
    ck_assert_str_eq(x->sweeps[1].key, "book.legs[0].strike");
    ck_assert_uint_eq(x->n_cases, 6);
    ck_assert_uint_eq(gs_experiment_cells(x), 6 * 1 * 2 * 2);
    ck_assert_double_eq(x->book.implied_vol, 0.1);        /* the first case */
    ck_assert_double_eq(x->book.legs[0].strike, 90.0);
    gs_experiment_case(x, 4, &c);                           /* (1, 1) */
    ck_assert_double_eq(c.book.implied_vol, 0.2);
    ck_assert_double_eq(c.book.legs[0].strike, 100.0);
    ck_assert_double_eq(c.book.legs[1].strike, 90.0);      /* the put is not swept */
    ck_assert_uint_eq(c.book.n_strikes, 2);
    ck_assert_double_eq(c.days_per_year, 252.0);
    gs_experiment_case(x, 2, &c);                           /* (0, 2) */
    ck_assert_double_eq(c.book.implied_vol, 0.1);
    ck_assert_double_eq(c.book.legs[0].strike, 110.0);
    ck_assert_double_eq(gs_case_hedge_vol(&c, &x->policies[0], &x->regimes[0]), 0.1);
    gs_experiment_free(x);
    free(t1);
    free(t2);
}
END_TEST

/* The drift that no key sets follows each case's rate - dividend. */
START_TEST(test_sweep_drift_follows_market)
{
    char *t = edit("rate = 0.05;", "rate = [0.05, 0.07];");
    char *u = malloc(strlen(t) + 1);
    gs_error err;
    gs_experiment *x;
    gs_case c;
    gs_regime g;

    {
        const char *at = strstr(t, " drift = 0.03;");
        memcpy(u, t, (size_t)(at - t));
        strcpy(u + (at - t), at + strlen(" drift = 0.03;"));
    }
    x = gs_experiment_parse(u, "d.cfg", &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_uint_eq(x->n_cases, 2);
    ck_assert_str_eq(x->sweeps[0].dim, "rate");
    gs_experiment_case(x, 1, &c);
    g = gs_experiment_regime(&c, &x->regimes[0]);
    ck_assert_double_eq(g.drift, 0.07 - 0.01);
    gs_experiment_free(x);
    free(t);
    free(u);
}
END_TEST

/* At most GS_MAX_SWEEPS keys sweep as dimensions. */
START_TEST(test_sweep_limit)
{
    static const char text[] =
        "name = \"t\"; paths = 10; horizon = [1.0, 2.0]; steps = [10, 20];\n"
        "market = { spot = [90.0, 100.0]; rate = [0.0, 0.01]; dividend = [0.0, 0.01]; };\n"
        "book = { implied_vol = [0.1, 0.2]; legs = ( { type = \"call\"; strike = [90.0, 100.0];\n"
        "  quantity = [1.0, 2.0]; }, { type = \"put\"; strike = [80.0, 85.0]; } ); };\n"
        "regimes = ( { name = \"g\"; sigma = 0.2; } ); policies = ( { every = 1; } );\n";
    gs_error err;
    gs_experiment *x = gs_experiment_parse(text, "l.cfg", &err);

    ck_assert_ptr_null(x);
    ck_assert_int_eq(err.line, 4);
    ck_assert_str_eq(err.key, "book.legs[1].strike");
    ck_assert_msg(strstr(err.msg, "at most 8 keys") != NULL, "%s", err.msg);
}
END_TEST

START_TEST(test_cost_flags)
{
    char *t = edit("fixed = 0.0; }", "fixed = [0.0, 0.5]; pay_initial = false; pay_final = false; }");
    gs_error err;
    gs_experiment *x = gs_experiment_parse(t, "c.cfg", &err);

    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_uint_eq(x->n_costs, 4);
    ck_assert_str_eq(x->costs[3].label, "10bp+0.5/trade no-initial no-final");
    ck_assert_int_eq(x->costs[3].pay_initial, 0);
    ck_assert_int_eq(x->costs[3].pay_final, 0);
    gs_experiment_free(x);
    free(t);
}
END_TEST

/* One bad input: replace `from` by `to` in base; expect GS_EINPUT at `line`
 * with `key`, and `words` in the message. */
typedef struct bad_case {
    const char *from, *to;
    int line;
    const char *key;
    const char *words;
} bad_case;

static const bad_case bad[] = {
    { "paths = 1000;", "paths = 0;", 2, "paths", "between 1" },
    { "paths = 1000;", "paths = -5;", 2, "paths", "between 1" },
    { "paths = 1000;", "paths = 1.5;", 2, "paths", "expected an integer" },
    { "paths = 1000;", "", 0, "paths", "missing required key" },  /* no line: absent */
    { "seed = 7;", "seed = -1;", 3, "seed", "between 0" },
    { "horizon = 1.0;", "horizon = -1.0;", 4, "horizon", "must be at least" },
    { "horizon = 1.0;", "horizon = 1e-7;", 4, "horizon", "must be at least 1e-06 (got 1e-07)" },
    { "sigma = 0.25;", "sigma = 4.9e-324;", 10, "regimes[0].sigma",
      "the volatility sigma must be 0 or at least 0.0001 (got 4.94066e-324)" },
    { "hedge_vol = \"implied\";", "hedge_vol = true;", 11, "policies[0].hedge_vol",
      "expected \"implied\", \"realized\" or a number for the hedge volatility" },
    { "hedge_vol = \"implied\";", "hedge_vol = 1e-5;", 11, "policies[0].hedge_vol",
      "must be at least 0.0001 (got 1e-05)" },
    { "horizon = 1.0;", "horizon = 0.0;", 4, "horizon", "must be at least" },
    { "horizon = 1.0;", "horizon = \"one\";", 4, "horizon", "expected a number" },
    { "steps = 50;", "steps = 0;", 5, "steps", "between 1" },
    { "name = \"t\";", "name = \"a/b\";", 1, "name", "letters, digits" },
    { "name = \"t\";", "name = \"\";", 1, "name", "letters, digits" },
    { "seed = 7;", "seed = 7; colour = 1;", 3, "colour", "unknown key 'colour'" },
    { "spot = 100.0;", "spot = -100.0;", 6, "market.spot", "must be at least 1e-09 (got -100)" },
    { "spot = 100.0;", "spot = 0;", 6, "market.spot", "must be at least 1e-09 (got 0)" },
    { "spot = 100.0;", "spot = 1e-10;", 6, "market.spot", "must be at least 1e-09 (got 1e-10)" },
    { "spot = 100.0;", "spot = 1000000000001.0;", 6, "market.spot",
      "must be at most 1e+12 (got 1000000000001)" },
    { "spot = 100.0;", "", 6, "market.spot", "missing required key" },
    { "rate = 0.05;", "rates = 0.05;", 6, "market.rates", "unknown key 'rates'" },
    { "market = { spot = 100.0; rate = 0.05; dividend = 0.01; };", "market = 3;", 6, "market",
      "expected a group" },
    { "implied_vol = 0.2;", "implied_vol = -0.2;", 7, "book.implied_vol", "must be at least" },
    { "implied_vol = 0.2;", "implied_vol = 0.0;", 7, "book.implied_vol", "must be at least" },
    { "strike = 100.0;", "strike = -100.0;", 8, "book.legs[0].strike", "must be at least 1e-09" },
    { "strike = 90.0;", "strike = 0.0;", 9, "book.legs[1].strike", "must be at least 1e-09" },
    { "quantity = -2.0;", "quantity = -5.0e-10;", 9, "book.legs[1].quantity",
      "the quantity must be at least 1e-09 in size (got -5e-10)" },
    { "type = \"call\";", "type = \"cal\";", 8, "book.legs[0].type", "unknown option type" },
    { "quantity = 1.0;", "quantity = 0.0;", 8, "book.legs[0].quantity", "must not be zero" },
    { "quantity = 1.0;", "qty = 1.0;", 8, "book.legs[0].qty", "unknown key 'qty'" },
    { "sigma = 0.25;", "sigma = -0.25;", 10, "regimes[0].sigma", "must be non-negative" },
    { "sigma = 0.25;", "sigma = [0.2, -0.1];", 10, "regimes[0].sigma[1]", "must be non-negative" },
    { "sigma = 0.25;", "sigma = [];", 10, "regimes[0].sigma", "empty list" },
    { "sigma = 0.25;", "", 10, "regimes[0].sigma", "missing required key" },
    { "kind = \"constant\";", "kind = \"heston\";", 10, "regimes[0].kind", "unknown regime kind" },
    { "every = [1, 5];", "every = [1, 0];", 11, "policies[0].every[1]", "between 1 and" },
    { "every = [1, 5];", "every = 51;", 11, "policies[0].every", "longer than the horizon" },
    { "every = [1, 5];", "every = 2.5;", 11, "policies[0].every", "expected an integer" },
    { "hedge_vol = \"implied\";", "hedge_vol = \"real\";", 11, "policies[0].hedge_vol",
      "unknown hedge volatility" },
    { "hedge_vol = \"implied\";", "hedge_vol = -0.1;", 11, "policies[0].hedge_vol",
      "must be at least" },
    { "kind = \"time\";", "kind = \"band\";", 11, "policies[0].kind", "unknown policy kind" },
    { "proportional_bp = [0.0, 10.0];", "proportional_bp = [0.0, -1.0];", 12,
      "costs[0].proportional_bp[1]", "must be non-negative" },
    { "fixed = 0.0;", "fixed = -0.5;", 12, "costs[0].fixed", "must be non-negative" },
    { "proportional_bp = [0.0, 10.0]; fixed = 0.0;", "pay_final = true;", 12, "costs[0]",
      "needs proportional_bp, fixed" },
    { "fixed = 0.0;", "fixed = 0.0; pay_final = 1;", 12, "costs[0].pay_final",
      "expected true or false" },
    { "histogram_bins = 50;", "histogram_bins = 1;", 13, "output.histogram_bins", "between 2" },
    { "seed = 7;", "seed = 99999999999999999999;", 3, "", "too large" },
    { "name = \"g\"; kind", "name = \"g\\tx\"; kind", 10, "regimes[0].name",
      "printable UTF-8" },
    { "name = \"g\"; kind", "name = \"g\\x1b[31m\"; kind", 10, "regimes[0].name",
      "printable UTF-8" },
    { "name = \"g\"; kind", "name = \"g\\xff\"; kind", 10, "regimes[0].name",
      "printable UTF-8" },
    { "name = \"g\"; kind", "name = \"g\\xc3\"; kind", 10, "regimes[0].name",
      "printable UTF-8" },
    { "seed = 7;", "seed = 7; description = \"a\\x07b\";", 3, "description",
      "printable UTF-8" },
    { "seed = 7;", "seed = -9223372036854775809;", 3, "", "too large" },
    /* past int64 with an L (libconfig would saturate) or in hex (it would
     * wrap to a negative number) */
    { "seed = 7;", "seed = 7; description = \"a\\x00b\";", 3, "", "may not hold \\x00" },
    { "seed = 7;", "seed = 9223372036854775808L;", 3, "", "too large" },
    { "seed = 7;", "seed = 99999999999999999999L;", 3, "", "too large" },
    { "seed = 7;", "seed = 0x8000000000000000;", 3, "", "too large" },
    { "rate = 0.05;", "rate = 0xFFFFFFFFFFFFFFFF;", 6, "", "too large" },
    { "quantity = 1.0;", "quantity = 0xFFFFFFFFFFFFFFFFL;", 8, "", "too large" },
    { "steps = 50;", "steps = 3000000000;", 5, "steps", "(got 3000000000)" },
    { "every = [1, 5];", "every = [1, 4294967301];", 11, "policies[0].every[1]",
      "between 1 and 10000000 (got 4294967301)" },
    { "horizon = 1.0;", "horizon = nan;", 4, "", "'nan' is not a number" },
    { "spot = 100.0;", "spot = inf;", 6, "", "'inf' is not a number" },
    { "spot = 100.0;", "spot = -Infinity;", 6, "", "'Infinity' is not a number" },
    { "histogram_bins = 50;", "histogram_bins = 50; quantile_accuracy = 0.0;", 13,
      "output.quantile_accuracy", "at least 0.0001" },
    { "histogram_bins = 50;", "histogram_bins = 50; quantile_accuracy = 0.6;", 13,
      "output.quantile_accuracy", "at most 0.5" },
    { "histogram_bins = 50;", "histogram_bins = 50; quantile_accuracy = \"1%\";", 13,
      "output.quantile_accuracy", "expected a number" },
    { "histogram_bins = 50;", "histogram_bins = 50; sketch_buckets = 10;", 13,
      "output.sketch_buckets", "between 64" },
    { "histogram_bins = 50;", "histogram_bins = 50; sketch_buckets = 64.5;", 13,
      "output.sketch_buckets", "expected an integer" },
    { "kind = \"constant\";", "kind = \"constant\"; stream = \"\";", 10, "regimes[0].stream",
      "1 to 48 bytes of UTF-8" },
    { "kind = \"constant\";", "kind = \"constant\"; stream = 3;", 10, "regimes[0].stream",
      "expected a string" },
    { "quantiles = [0.1, 0.5, 0.9];", "quantiles = [0.1, 1.0];", 13, "output.quantiles[1]",
      "less than 1" },
    { "quantiles = [0.1, 0.5, 0.9];", "quantiles = [0.5, 0.1];", 13, "output.quantiles[1]",
      "must increase" },
    { "every = [1, 5]; hedge_vol = \"implied\"; } );\n"
      "costs = ( { proportional_bp = [0.0, 10.0]; fixed = 0.0; } );\n"
      "output = { histogram_bins = 50;",
      "every = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50]; } );\n"
      "costs = ( { proportional_bp = [0.0, 10.0]; fixed = 0.0; } );\n"
      "output = { histogram_bins = 100000;", 13, "output.histogram_bins", "over 128 MiB" },
    { "regimes = (", "regimes = {", 10, "", "syntax error" },
    { "steps = 50;", "steps = = 50;", 5, "", "syntax error in this line: 'steps = = 50;'" },
    { "output = { histogram_bins = 50;", "output = { histogram_bins = \"50;", 14, "",
      "syntax error at the end of the file: is a string, group, list or array left open?" },
    { "policies = ( {", "policies = ( 3, {", 11, "policies[0]", "expected a group" },
    { "name = \"g\"; kind", "name = \"g\"; sigma = 0.3; }, { name = \"g\"; kind", 10, "regimes",
      "both named 'g'" },
    { "every = [1, 5];", "every = [1, 1];", 11, "policies", "appears twice" },
    /* keys that define the run, or are conventions, take one value */
    { "paths = 1000;", "paths = [1000, 2000];", 2, "paths", "does not sweep: it defines the run" },
    { "seed = 7;", "seed = (7, 8);", 3, "seed", "does not sweep: it defines the run" },
    { "seed = 7;", "seed = 7; block_paths = [64, 128];", 3, "block_paths",
      "does not sweep: it defines the run" },
    { "dividend = 0.01;", "dividend = 0.01; days_per_year = [252, 365];", 6,
      "market.days_per_year", "does not sweep" },
    { "histogram_bins = 50;", "histogram_bins = [50, 60];", 13, "output.histogram_bins",
      "does not sweep" },
    { "kind = \"constant\";", "kind = [\"constant\"];", 10, "regimes[0].kind", "does not sweep" },
    /* market.days_per_year */
    { "dividend = 0.01;", "dividend = 0.01; days_per_year = 400;", 6, "market.days_per_year",
      "at most 366" },
    { "dividend = 0.01;", "dividend = 0.01; days_per_year = 0.5;", 6, "market.days_per_year",
      "at least 1" },
    /* sweeps of global keys */
    { "implied_vol = 0.2;", "implied_vol = [0.2, 0.3, 0.2];", 7, "book.implied_vol[2]",
      "appears twice" },
    { "implied_vol = 0.2;", "implied_vol = [];", 7, "book.implied_vol", "empty list" },
    { "implied_vol = 0.2;", "implied_vol = [0.2, -0.3];", 7, "book.implied_vol[1]",
      "must be at least" },
    { "spot = 100.0;", "spot = (100.0, \"x\");", 6, "market.spot[1]", "expected a number" },
    { "strike = 90.0;", "strike = [90.0, 0.0];", 9, "book.legs[1].strike[1]", "must be at least" },
    { "quantity = 1.0;", "quantity = [1.0, 0.0];", 8, "book.legs[0].quantity[1]",
      "must not be zero" },
    { "steps = 50;", "steps = (50, 2.5);", 5, "steps[1]", "expected an integer" },
    /* a policy's every above one case's steps is refused by name */
    { "steps = 50;", "steps = [50, 4];", 11, "policies[0].every[1]",
      "longer than the horizon of the case steps = 4" },
};

START_TEST(test_bad_input)
{
    const bad_case *c = &bad[_i];
    char *text = edit(c->from, c->to);
    gs_error err;
    gs_experiment *x;
    char buf[1400];

    gs_error_clear(&err);
    x = gs_experiment_parse(text, "bad.cfg", &err);
    ck_assert_msg(x == NULL, "case %d (%s -> %s) was accepted", _i, c->from, c->to);
    ck_assert_int_eq(err.status, GS_EINPUT);
    ck_assert_str_eq(err.file, "bad.cfg");
    ck_assert_msg(err.line == c->line, "case %d: line %d, expected %d (%s)", _i, err.line,
                  c->line, gs_error_format(&err, buf, sizeof buf));
    ck_assert_msg(strcmp(err.key, c->key) == 0, "case %d: key '%s', expected '%s' (%s)", _i,
                  err.key, c->key, gs_error_format(&err, buf, sizeof buf));
    ck_assert_msg(strstr(err.msg, c->words) != NULL, "case %d: message '%s' lacks '%s'", _i,
                  err.msg, c->words);
    free(text);
}
END_TEST

/* Limits that need long inputs: built here rather than listed. */
static char *with_list(const char *from, const char *head, int count, const char *item,
                       const char *tail)
{
    size_t size = strlen(head) + strlen(tail) + (size_t)count * (strlen(item) + 16) + 1;
    char *list = malloc(size), *text;
    int i;

    strcpy(list, head);
    for (i = 0; i < count; i++)
        sprintf(list + strlen(list), i ? ", %s" : "%s", item);
    strcat(list, tail);
    text = edit(from, list);
    free(list);
    return text;
}

static void expect_error(char *text, int line, const char *key, const char *words)
{
    gs_error err;
    gs_experiment *x = gs_experiment_parse(text, "big.cfg", &err);

    ck_assert_ptr_null(x);
    ck_assert_int_eq(err.status, GS_EINPUT);
    ck_assert_int_eq(err.line, line);
    ck_assert_str_eq(err.key, key);
    ck_assert_msg(strstr(err.msg, words) != NULL, "message '%s' lacks '%s'", err.msg, words);
    free(text);
}

START_TEST(test_limits)
{
    /* 33 legs */
    expect_error(with_list("legs = (", "legs = (", 33,
                           "{ type = \"call\"; strike = 100.0; }", ", "),
                 8, "book.legs", "at most 32 legs");
    /* 65 quantile levels */
    expect_error(with_list("quantiles = [0.1, 0.5, 0.9]", "quantiles = [", 65, "0.5", "]"),
                 13, "output.quantiles", "between 1 and 64");
    /* 1 regime x 2 policies x (2 x 60000) cost models = 240,000 cells */
    {
        char *t = malloc(60000 * 12 + 200), *text;
        int i;
        strcpy(t, "fixed = [");
        for (i = 0; i < 60000; i++)
            sprintf(t + strlen(t), i ? ", %d.0" : "%d.0", i);
        strcat(t, "];");
        text = edit("fixed = 0.0;", t);
        free(t);
        expect_error(text, 0, "", "240000 cells");
    }
    /* more than 100,000 settings: refused before any section is read */
    {
        char *t = malloc(100001 * 8 + 200), *text;
        int i;
        strcpy(t, "description = \"\"; big = [");
        for (i = 0; i < 100001; i++)
            sprintf(t + strlen(t), i ? ",%d" : "%d", i % 10);
        strcat(t, "];");
        text = edit("seed = 7;", t);
        free(t);
        expect_error(text, 3, "", "more than 100000 settings");
    }
    /* 257 settings in one group, at the top level, in a group of a list:
     * refused before libconfig reads them (it takes quadratic time) */
    expect_error(with_list("spot = 100.0;", "spot = 100.0; ", 256, "k = 1;", ""), 6, "market",
                 "more than 256 settings in one group");
    expect_error(with_list("seed = 7;", "seed = 7;\n", 254, "k = 1;", ""), 4, "",
                 "more than 256 settings at the top level");
    expect_error(with_list("drift = 0.03;", "drift = 0.03;\n", 253, "k = 1;", ""), 11,
                 "regimes[0]", "more than 256 settings in one group");
    /* lists and arrays of any length count only towards the total */
    {
        gs_error err;
        char *t = with_list("seed = 7;", "seed = 7; description = \"\"; big = (", 5000, "{ }",
                            ");");
        gs_experiment *x = gs_experiment_parse(t, "big.cfg", &err);
        ck_assert_ptr_null(x);
        ck_assert_str_eq(err.key, "big");
        free(t);
    }
    /* 65 levels of nesting */
    expect_error(with_list("seed = 7;", "seed = 7; deep = ", 65, "(", ""), 3, "",
                 "nested more than 64 deep");
    /* swept cases count in the cells: 30,000 cases x 1 x 2 x 2 */
    {
        char *t = malloc(30000 * 12 + 200), *text;
        int i;
        strcpy(t, "implied_vol = [");
        for (i = 0; i < 30000; i++)
            sprintf(t + strlen(t), i ? ", %.4f" : "%.4f", (i + 1) * 1e-4);
        strcat(t, "];");
        text = edit("implied_vol = 0.2;", t);
        free(t);
        expect_error(text, 0, "", "120000 cells (cases x regimes x policies x costs)");
    }
}
END_TEST

/* Sweeps are counted before they are expanded: 46341 x 46341 regimes (more
 * than INT_MAX) is refused at once, without the 2^31 entries or an overflow. */
START_TEST(test_sweep_product)
{
    const int n = 46341;
    char *t = malloc((size_t)n * 10 + 64), *w = t, *text;
    int i;

    w += sprintf(w, "sigma = [0.1");
    for (i = 1; i < n; i++)
        w += sprintf(w, ", 0.1");
    w += sprintf(w, "]; drift = [0.0");
    for (i = 1; i < n; i++)
        w += sprintf(w, ", 0.0");
    strcpy(w, "];");
    text = edit("sigma = 0.25; drift = 0.03;", t);
    free(t);
    expect_error(text, 0, "", "2147488281 cells (regimes x policies x costs) is more than");
}
END_TEST

/* A text without a file (a result's stored experiment, an inline text) has
 * no directory to resolve an @include against: refused by line, before
 * libconfig (whose scanner calls exit() on a directory: tests/fuzz). A
 * directive inside a string or a comment is none, as in libconfig. */
START_TEST(test_include_in_text)
{
    static const char *const quiet[] = {
        "seed = 7;\ndescription = \"two\n@include \\\"x.cfg\\\"\nlines\";\n",
        "seed = 7;\n/* a block\n  @include \"x.cfg\"\n*/\n",
        "seed = 7; # @include \"x.cfg\"\n",
        "seed = 7; @include \"x.cfg\"\n",       /* not at a line's start: libconfig's error */
    };
    size_t k;

    expect_error(edit("seed = 7;\n", "seed = 7;\n  @include \".\"\n"), 4, "",
                 "@include \".\": this text is not read from a file");
    expect_error(edit("seed = 7;\n", "seed = 7;\n@include\t\"/dev/null\"\n"), 4, "",
                 "nothing to be relative to");
    for (k = 0; k < sizeof quiet / sizeof quiet[0]; k++) {
        char *t = edit("seed = 7;\n", quiet[k]);
        gs_error err;
        gs_experiment *x = gs_experiment_parse(t, "q.cfg", &err);
        if (k < 3) {
            ck_assert_msg(x != NULL, "case %zu: %s", k, err.msg);
            ck_assert_str_eq(x->source, t);
        } else {
            ck_assert_ptr_null(x);
            ck_assert_int_eq(err.line, 3);
            ck_assert_ptr_nonnull(strstr(err.msg, "syntax error"));
        }
        gs_experiment_free(x);
        free(t);
    }
}
END_TEST

/* ----------------------------------------------------------- @include */

/* A fresh temporary directory (the caller removes it with rm_tree). */
static char *temp_dir(void)
{
    char *dir = gs_test_temp_name(".d");

    ck_assert_int_eq(mkdir(dir, 0700), 0);
    return dir;
}

/* Write text to dir/rel (rel's directories are made). */
static void put_file(const char *dir, const char *rel, const char *text)
{
    char path[4096];
    FILE *f;
    char *slash;

    snprintf(path, sizeof path, "%s/%s", dir, rel);
    for (slash = strchr(path + strlen(dir) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(path, 0700);
        *slash = '/';
    }
    f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static void rm_tree(char *dir)
{
    char cmd[4200];

    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    ck_assert_int_eq(system(cmd), 0);
    free(dir);
}

/* Load dir/rel and expect an input error at file dir/efile, line, key. */
static void expect_load_error(const char *dir, const char *rel, const char *efile, int line,
                              const char *key, const char *words)
{
    char path[4096], want[4096];
    gs_error err;
    gs_experiment *x;

    snprintf(path, sizeof path, "%s/%s", dir, rel);
    snprintf(want, sizeof want, "%s/%s", dir, efile);
    x = gs_experiment_load(path, &err);
    ck_assert_ptr_null(x);
    ck_assert_int_eq(err.status, GS_EINPUT);
    ck_assert_str_eq(err.file, want);
    ck_assert_int_eq(err.line, line);
    ck_assert_str_eq(err.key, key);
    ck_assert_msg(strstr(err.msg, words) != NULL, "message '%s' lacks '%s'", err.msg, words);
}

/* base cut in three: lines 1-5, 6-9 (market and book), 10-13. */
static char *base_lines(int from, int to)
{
    const char *p = base, *start = NULL;
    int line = 1;
    char *s;

    for (; *p; p++) {
        if (line == from && start == NULL)
            start = p;
        if (*p == '\n' && line++ == to)
            break;
    }
    s = malloc((size_t)(p + 1 - start) + 1);
    memcpy(s, start, (size_t)(p + 1 - start));
    s[p + 1 - start] = '\0';
    return s;
}

/* An include is relative to the file that holds it (whatever the working
 * directory), nested ones too; the plan keeps the expanded text, which
 * equals base, and parses to the same plan and identity as base inline. */
START_TEST(test_include_relative)
{
    char *dir = temp_dir(), *head = base_lines(1, 5), *mid = base_lines(6, 9),
         *tail = base_lines(10, 13), *text, path[4096];
    char id_inc[GS_SHA256_HEX], id_inline[GS_SHA256_HEX];
    gs_experiment *x, *y;
    gs_error err;

    /* main.cfg: head, @include "parts/book.cfg", tail; parts/book.cfg:
     * @include "market.cfg" (parts/market.cfg: line 6) then lines 7-9. */
    text = malloc(strlen(head) + strlen(tail) + 64);
    sprintf(text, "%s@include \"parts/book.cfg\"   # the case\n%s", head, tail);
    put_file(dir, "main.cfg", text);
    free(text);
    text = base_lines(6, 6);
    put_file(dir, "parts/market.cfg", text);
    free(text);
    text = malloc(strlen(mid) + 64);
    sprintf(text, "  @include \"market.cfg\"\n%s", strchr(mid, '\n') + 1);
    put_file(dir, "parts/book.cfg", text);
    free(text);
    put_file(dir, "market.cfg", "this file is not the one meant\n");

    snprintf(path, sizeof path, "%s/main.cfg", dir);
    x = gs_experiment_load(path, &err);
    ck_assert_msg(x != NULL, "%s:%d: %s", err.file, err.line, err.msg);
    ck_assert_str_eq(x->source, base);
    ck_assert_str_eq(x->file, path);
    y = gs_experiment_parse(base, "inline.cfg", &err);
    ck_assert_ptr_nonnull(y);
    ck_assert_int_eq(gs_identity(x, id_inc), 0);
    ck_assert_int_eq(gs_identity(y, id_inline), 0);
    ck_assert_str_eq(id_inc, id_inline);
    gs_experiment_free(x);
    gs_experiment_free(y);

    /* an absolute path is taken as it is */
    text = malloc(strlen(head) + strlen(tail) + strlen(dir) + 64);
    sprintf(text, "%s@include \"%s/parts/book.cfg\"\n%s", head, dir, tail);
    put_file(dir, "abs.cfg", text);
    free(text);
    snprintf(path, sizeof path, "%s/abs.cfg", dir);
    x = gs_experiment_load(path, &err);
    ck_assert_msg(x != NULL, "%s:%d: %s", err.file, err.line, err.msg);
    ck_assert_str_eq(x->source, base);
    gs_experiment_free(x);
    free(head);
    free(mid);
    free(tail);
    rm_tree(dir);
}
END_TEST

/* Every message names the file and line the text came from: errors inside
 * an included file (syntax, a key's range, integers) and after one. */
START_TEST(test_include_error_lines)
{
    char *dir = temp_dir();

    put_file(dir, "syntax.cfg", "@include \"sub/bad.cfg\"\nseed = 7;\n");
    put_file(dir, "sub/bad.cfg", "# a comment\n\nseed = = 3;\n");
    expect_load_error(dir, "syntax.cfg", "sub/bad.cfg", 3, "", "syntax error");

    put_file(dir, "range.cfg",
             "name = \"r\"; horizon = 1.0; steps = 10;\n"
             "@include \"sub/market.cfg\"\npaths = 10;\n");
    put_file(dir, "sub/market.cfg", "\nmarket = {\n  spot = -100.0;\n};\n");
    expect_load_error(dir, "range.cfg", "sub/market.cfg", 3, "market.spot", "");

    put_file(dir, "big.cfg", "name = \"r\";\n@include \"sub/seed.cfg\"\n");
    put_file(dir, "sub/seed.cfg", "\n\nseed = 99999999999999999999;");
    expect_load_error(dir, "big.cfg", "sub/seed.cfg", 3, "", "too large");

    /* after an included file (one without a final newline, one empty), the
     * including file's own lines */
    put_file(dir, "after.cfg", "@include \"sub/seed2.cfg\"\n@include \"sub/empty.cfg\"\n"
             "name = \"r\";\npaths = 0;\n");
    put_file(dir, "sub/seed2.cfg", "seed = 2;");
    put_file(dir, "sub/empty.cfg", "");
    expect_load_error(dir, "after.cfg", "after.cfg", 4, "paths", "");

    /* a missing key has no line: the experiment is named */
    put_file(dir, "nokey.cfg", "@include \"sub/seed2.cfg\"\n");
    expect_load_error(dir, "nokey.cfg", "nokey.cfg", 0, "name", "");
    rm_tree(dir);
}
END_TEST

/* Includes that cannot be followed: refused naming the including file and
 * the directive's line. */
START_TEST(test_include_refused)
{
    char *dir = temp_dir(), name[32], text[64];
    int k;

    put_file(dir, "missing.cfg", "seed = 1;\n\n @include \"sub/nope.cfg\"\n");
    expect_load_error(dir, "missing.cfg", "missing.cfg", 3, "",
                      "@include \"sub/nope.cfg\": cannot open ");
    put_file(dir, "sub/x.cfg", "seed = 1;\n");
    put_file(dir, "dir.cfg", "@include \"sub\"\n");
    expect_load_error(dir, "dir.cfg", "dir.cfg", 1, "", "sub is not a regular file");
    put_file(dir, "c1.cfg", "seed = 1;\n@include \"sub/c2.cfg\"\n");
    put_file(dir, "sub/c2.cfg", "\n@include \"../c1.cfg\"\n");
    expect_load_error(dir, "c1.cfg", "sub/c2.cfg", 2, "", "an include cycle");
    put_file(dir, "self.cfg", "@include \"self.cfg\"\n");
    expect_load_error(dir, "self.cfg", "self.cfg", 1, "", "an include cycle");
    put_file(dir, "trail.cfg", "@include \"sub/x.cfg\" seed = 2;\n");
    expect_load_error(dir, "trail.cfg", "trail.cfg", 1, "", "only a # or // comment may follow");
    put_file(dir, "open.cfg", "name = \"o\";\n@include \"sub/open.cfg\"\n\";\n");
    put_file(dir, "sub/open.cfg", "description = \"no end\n");
    expect_load_error(dir, "open.cfg", "sub/open.cfg", 1, "", "ends inside this string");
    put_file(dir, "noquote.cfg", "@include \"sub/x.cfg\n");
    expect_load_error(dir, "noquote.cfg", "noquote.cfg", 1, "", "no closing quote");
    /* 18 files, each including the next: the 17th level is refused */
    for (k = 0; k < 18; k++) {
        snprintf(name, sizeof name, "d/%02d.cfg", k);
        snprintf(text, sizeof text, "# level %d\n@include \"%02d.cfg\"\n", k, k + 1);
        put_file(dir, name, text);
    }
    expect_load_error(dir, "d/00.cfg", "d/16.cfg", 2, "", "more than 16 nested levels");
    /* 1,001 includes of an empty file */
    {
        char *many = malloc(1001 * 24 + 1);
        many[0] = '\0';
        for (k = 0; k < 1001; k++)
            strcat(many, "@include \"sub/e.cfg\"\n");
        put_file(dir, "sub/e.cfg", "");
        put_file(dir, "many.cfg", many);
        free(many);
        expect_load_error(dir, "many.cfg", "many.cfg", 1001, "", "more than 1000 @include");
    }
    rm_tree(dir);
}
END_TEST

/* The 16 MiB bound holds for the text with its includes. */
START_TEST(test_include_too_large)
{
    char *dir = temp_dir(), *big = malloc(9 << 20);

    memset(big, '#', (9 << 20) - 1);
    big[(9 << 20) - 2] = '\n';
    big[(9 << 20) - 1] = '\0';
    put_file(dir, "big.cfg", big);
    free(big);
    put_file(dir, "two.cfg", "@include \"big.cfg\"\n# between\n@include \"big.cfg\"\n");
    expect_load_error(dir, "two.cfg", "two.cfg", 3, "", "larger than 16 MiB");
    rm_tree(dir);
}
END_TEST

/* A result file or a device given by mistake is not read to its end. */
START_TEST(test_file_too_large)
{
    char *path = gs_test_temp_name(".cfg");
    FILE *f = fopen(path, "wb");
    gs_error err;
    int i;

    ck_assert_ptr_nonnull(f);
    for (i = 0; i < 17 * 1024; i++)
        fprintf(f, "%1023s\n", "#");
    fclose(f);
    ck_assert_ptr_null(gs_experiment_load(path, &err));
    ck_assert_int_eq(err.status, GS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "larger than 16 MiB"));
    remove(path);
    free(path);
}
END_TEST

START_TEST(test_nul_byte)
{
    char *path = gs_test_temp_name(".cfg");
    FILE *f = fopen(path, "wb");
    gs_error err;

    fwrite("name = \"a\";\0\n", 1, 13, f);
    fclose(f);
    ck_assert_ptr_null(gs_experiment_load(path, &err));
    ck_assert_int_eq(err.status, GS_EINPUT);
    ck_assert_ptr_nonnull(strstr(err.msg, "NUL byte"));
    remove(path);
    free(path);
}
END_TEST

START_TEST(test_missing_file)
{
    gs_error err;
    gs_experiment *x = gs_experiment_load("/nonexistent/dir/x.cfg", &err);
    char buf[1400];

    ck_assert_ptr_null(x);
    ck_assert_int_eq(err.status, GS_EINPUT);
    ck_assert_str_eq(err.file, "/nonexistent/dir/x.cfg");
    ck_assert_ptr_nonnull(strstr(gs_error_format(&err, buf, sizeof buf), "cannot open"));
}
END_TEST

START_TEST(test_load_file)
{
    char *path = gs_test_temp_file(base, ".cfg");
    gs_error err;
    gs_experiment *x = gs_experiment_load(path, &err);

    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_str_eq(x->file, path);
    ck_assert_str_eq(x->source, base);
    gs_experiment_free(x);
    gs_experiment_free(NULL);
    remove(path);
    free(path);
}
END_TEST

START_TEST(test_error_format)
{
    gs_error e;
    char buf[1400];

    gs_error_set(&e, GS_EINPUT, "f.cfg", 12, "regimes[0].sigma", "must be %s", "positive");
    ck_assert_str_eq(gs_error_format(&e, buf, sizeof buf),
                     "f.cfg:12: key 'regimes[0].sigma': must be positive");
    gs_error_set(&e, GS_EIO, NULL, 0, NULL, "disk full");
    ck_assert_str_eq(gs_error_format(&e, buf, sizeof buf), "disk full");
}
END_TEST

/* Integers above 2^31: libconfig 1.5 wraps a literal without an L suffix to
 * 32 bits before any accessor sees it (5000000000 became 705032704). The
 * loader reads them first: every 64-bit value comes through exactly, with or
 * without L, and numbers inside strings and comments are left alone. */
/* Floats with exponents read as written: the pre-parse that widens integer
 * literals must leave the digits of an exponent alone ("1e-3" once became
 * "1e-3L", a syntax error). */
START_TEST(test_float_exponents)
{
    char *text = edit("market = { spot = 100.0; rate = 0.05; dividend = 0.01; };",
                      "market = { spot = 1e+2; rate = 5e-2; dividend = 1.0E-2; };");
    gs_error err;
    gs_experiment *x;

    gs_error_clear(&err);
    x = gs_experiment_parse(text, "exp.cfg", &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_double_eq(x->spot, 100.0);
    ck_assert_double_eq(x->rate, 0.05);
    ck_assert_double_eq(x->dividend, 0.01);
    gs_experiment_free(x);
    free(text);
}
END_TEST

/* A UTF-8 byte order mark before the first key, as some editors write it,
 * is not part of the experiment. */
START_TEST(test_byte_order_mark)
{
    char *text = malloc(strlen(base) + 4);
    gs_error err;
    gs_experiment *x;

    memcpy(text, "\xEF\xBB\xBF", 3);
    memcpy(text + 3, base, strlen(base) + 1);
    gs_error_clear(&err);
    x = gs_experiment_parse(text, "bom.cfg", &err);
    ck_assert_msg(x != NULL, "%s", err.msg);
    ck_assert_str_eq(x->name, "t");
    gs_experiment_free(x);
    free(text);
}
END_TEST

/* output.sketch_buckets: left out, it follows quantile_accuracy (8 decades
 * per sign, at least 2048, exactly 2048 at the default accuracy); given, it
 * must hold 2 decades per sign, else the loader refuses it by line and key
 * with the least value and the default. */
START_TEST(test_sketch_buckets_rule)
{
    static const char head[] =
        "name = \"s\"; paths = 10; horizon = 0.5; steps = 10;\n"
        "market = { spot = 50.0; };\n"
        "book = { implied_vol = 0.3; legs = ( { type = \"put\"; strike = 50.0; } ); };\n"
        "regimes = ( { name = \"a\"; sigma = 0.3; } );\n"
        "policies = ( { every = 2; } );\n";
    static const struct { const char *output; unsigned cap; } ok[] = {
        { "", 2048 },
        { "output = { quantile_accuracy = 0.01; };", 2048 },
        { "output = { quantile_accuracy = 0.05; };", 2048 },
        { "output = { quantile_accuracy = 0.001; };", 18618 },
        { "output = { quantile_accuracy = 0.0002; };", 93078 },
        { "output = { quantile_accuracy = 0.01; sketch_buckets = 470; };", 470 },
        { "output = { quantile_accuracy = 0.0002; sketch_buckets = 23324; };", 23324 },
    };
    char buf[1024];
    gs_error err;
    gs_experiment *x;
    size_t k;

    for (k = 0; k < sizeof ok / sizeof ok[0]; k++) {
        snprintf(buf, sizeof buf, "%s%s\n", head, ok[k].output);
        x = gs_experiment_parse(buf, "s.cfg", &err);
        ck_assert_msg(x != NULL, "%s: %s", ok[k].output, err.msg);
        ck_assert_uint_eq(x->sketch_buckets, ok[k].cap);
        if (ok[k].cap > 2048 && strstr(ok[k].output, "sketch_buckets") == NULL)
            ck_assert_uint_eq(x->sketch_buckets, gs_sketch_cap_for(x->quantile_accuracy, 8));
        gs_experiment_free(x);
    }
    snprintf(buf, sizeof buf, "%soutput = { quantile_accuracy = 0.0002;\n  sketch_buckets = 2048; };\n",
             head);
    ck_assert_ptr_null(gs_experiment_parse(buf, "s.cfg", &err));
    ck_assert_int_eq(err.status, GS_EINPUT);
    ck_assert_int_eq(err.line, 7);
    ck_assert_str_eq(err.key, "output.sketch_buckets");
    ck_assert_msg(strstr(err.msg, "covers only 0.17 decades") && strstr(err.msg, "at least 23324")
                  && strstr(err.msg, "leave it out for 93078"), "%s", err.msg);
    snprintf(buf, sizeof buf, "%soutput = { sketch_buckets = 469; };\n", head);
    ck_assert_ptr_null(gs_experiment_parse(buf, "s.cfg", &err));
    ck_assert_msg(strstr(err.msg, "at least 470"), "%s", err.msg);
}
END_TEST

START_TEST(test_wide_integers)
{
    static const struct { const char *from, *to; uint64_t seed, paths; } cases[] = {
        { "seed = 7;", "seed = 5000000000;", UINT64_C(5000000000), 1000 },
        { "seed = 7;", "seed = 4294967295;", UINT64_C(4294967295), 1000 },
        { "seed = 7;", "seed = 9007199254740993;", UINT64_C(9007199254740993), 1000 },
        { "seed = 7;", "seed = 9223372036854775807L;", UINT64_C(9223372036854775807), 1000 },
        { "seed = 7;", "seed = 0x1234567890;", UINT64_C(0x1234567890), 1000 },
        { "seed = 7;", "seed = 0x7FFFFFFFFFFFFFFF;", UINT64_C(0x7FFFFFFFFFFFFFFF), 1000 },
        { "paths = 1000;", "paths = 4294969296;", 7, UINT64_C(4294969296) },
        { "seed = 7;", "seed = 7; description = \"inf 5000000000 nan\"; # nan 99999999999999999999",
          7, 1000 },
        { "name = \"g\";", "name = \"σ=25% régime\";", 7, 1000 },   /* UTF-8 is fine */
        { "seed = 7;", "seed = 7; description = \"two\\nlines\\tand a tab\";", 7, 1000 },
        { "seed = 7;", "seed = 7; description = \"two\r\nlines in a CRLF file\";", 7, 1000 },
    };
    size_t k;

    for (k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        char *t = edit(cases[k].from, cases[k].to);
        gs_error err;
        gs_experiment *x = gs_experiment_parse(t, "w.cfg", &err);
        ck_assert_msg(x != NULL, "case %zu: %s", k, err.msg);
        ck_assert_msg(x->seed == cases[k].seed, "case %zu: seed %llu", k,
                      (unsigned long long)x->seed);
        ck_assert_uint_eq(x->paths, cases[k].paths);
        ck_assert_str_eq(x->source, t);          /* the stored text is the file's own */
        gs_experiment_free(x);
        free(t);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("experiment");
    TCase *tc = tcase_create("parse");

    tcase_add_test(tc, test_valid_base);
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_sketch_buckets_rule);
    tcase_add_test(tc, test_wide_integers);
    tcase_add_test(tc, test_float_exponents);
    tcase_add_test(tc, test_byte_order_mark);
    tcase_add_test(tc, test_sweeps_cross);
    tcase_add_test(tc, test_sweep_labels_exact);
    tcase_add_test(tc, test_cost_flags);
    tcase_add_test(tc, test_sweep_cases);
    tcase_add_test(tc, test_sweep_drift_follows_market);
    tcase_add_test(tc, test_sweep_limit);
    tcase_add_loop_test(tc, test_bad_input, 0, (int)(sizeof bad / sizeof bad[0]));
    tcase_add_test(tc, test_limits);
    tcase_add_test(tc, test_sweep_product);
    tcase_add_test(tc, test_file_too_large);
    tcase_add_test(tc, test_include_in_text);
    tcase_add_test(tc, test_include_relative);
    tcase_add_test(tc, test_include_error_lines);
    tcase_add_test(tc, test_include_refused);
    tcase_add_test(tc, test_include_too_large);
    tcase_add_test(tc, test_nul_byte);
    tcase_add_test(tc, test_missing_file);
    tcase_add_test(tc, test_load_file);
    tcase_add_test(tc, test_error_format);
    suite_add_tcase(s, tc);
    return gs_test_run(s);
}
