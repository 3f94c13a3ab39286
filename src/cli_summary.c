/* cli_summary.c -- the summary table, its notes and the progress line (cli.h). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static size_t label_width(size_t n, const char (*labels)[GS_LABEL_SIZE], size_t minimum)
{
    size_t k, w = minimum;

    for (k = 0; k < n; k++)
        w = strlen(labels[k]) > w ? strlen(labels[k]) : w;
    return w;
}

/* The quantile level closest to p, or -1 when none is within 1e-9. */
static int quantile_index(const gs_result *r, double p)
{
    size_t q;

    for (q = 0; q < r->n_quantiles; q++)
        if (fabs(r->quantile_level[q] - p) < 1e-9)
            return (int)q;
    return -1;
}

/* How long a fine step is in trading days (market.days_per_year), e.g.
 * "1 fine step = 5 trading days" or "4 fine steps per trading day". */
static void step_label(char *buf, size_t size, const gs_h5_info *info)
{
    double d, n;

    buf[0] = '\0';
    if (info->steps <= 0 || !(info->horizon > 0) || !(info->days_per_year > 0))
        return;
    d = info->horizon * info->days_per_year / info->steps;
    n = 1.0 / d;
    if (d >= 1.0 && fabs(d - nearbyint(d)) < 1e-9 * d)
        snprintf(buf, size, "1 fine step = %.0f trading day%s", d, d == 1.0 ? "" : "s");
    else if (d < 1.0 && fabs(n - nearbyint(n)) < 1e-9 * n)
        snprintf(buf, size, "%.0f fine steps per trading day", n);
    else
        snprintf(buf, size, "1 fine step = %.4g trading days", d);
    snprintf(buf + strlen(buf), size - strlen(buf), " (%g trading days per year)",
             info->days_per_year);
}

/* The swept dimensions' values of case k, as table columns. */
static void print_case(FILE *out, const gs_result *r, size_t k)
{
    size_t d, digit[GS_MAX_SWEEPS], rest = k;

    for (d = r->n_dims; d-- > 0;) {
        digit[d] = rest % r->dim[d].n;
        rest /= r->dim[d].n;
    }
    for (d = 0; d < r->n_dims; d++)
        fprintf(out, "%*g  ", (int)(strlen(r->dim[d].name) > 8 ? strlen(r->dim[d].name) : 8),
                r->dim[d].values[digit[d]]);
}

static void print_case_header(FILE *out, const gs_result *r)
{
    size_t d;

    for (d = 0; d < r->n_dims; d++)
        fprintf(out, "%*s  ", (int)(strlen(r->dim[d].name) > 8 ? strlen(r->dim[d].name) : 8),
                r->dim[d].name);
}

/* Whether sketch i of the net P&L (rv 0) or realized volatility (rv 1) of r
 * collapsed: from the state when the file has one, else from its width. */
static int collapsed_at(const gs_result *r, int rv, size_t i)
{
    const double *w = rv ? r->rv_zero_width : r->zero_width;

    if (r->state != NULL)
        return gs_sketch_collapsed(&r->state->sketch[(rv ? r->state->layout.sketch_rv
                                                          : r->state->layout.sketch_net) + i]);
    return w != NULL && w[i] > GS_SKETCH_ZERO_WIDTH0;
}

/* Quantile q of a table row: "%9.4f", or "%8.4f*" when it lies in the zero
 * bucket of a collapsed sketch (|q| <= w: not an estimate within alpha). */
static void print_quantile(FILE *out, double q, int collapsed, double w)
{
    if (collapsed && fabs(q) <= w)
        fprintf(out, " %8.4f*", q);
    else
        fprintf(out, " %9.4f", q);
}

/* The notes under the tables when bucket caps collapsed sketches. */
static void print_collapse_notes(FILE *out, const gs_result *r)
{
    double wp, wv;
    const size_t np = gs_result_collapsed(r, 0, &wp), nv = gs_result_collapsed(r, 1, &wv);

    if (np || nv)
        fputc('\n', out);
    if (np)
        fprintf(out, "note: the bucket cap collapsed the net P&L sketch of %zu of %zu cells: "
                "their quantiles within +-%.4g of 0 (sketch_zero_width, largest) read as 0 "
                "(marked *); raise output.sketch_buckets\n", np, r->n_cells, wp);
    if (nv)
        fprintf(out, "note: the bucket cap collapsed the realized-volatility sketch of %zu of "
                "%zu regimes: a quantile at or below %.4g (realized_vol_sketch_zero_width, "
                "largest) only says the order statistic is between realized_vol_min and it "
                "(marked *); raise output.sketch_buckets\n", nv, r->n_cases * r->n_regimes, wv);
}

/* The one warning line of a run whose bucket caps collapsed sketches. */
void cli_warn_collapsed(const gs_result *r)
{
    double wp, wv;
    const size_t np = gs_result_collapsed(r, 0, &wp), nv = gs_result_collapsed(r, 1, &wv);
    char pnl[160] = "", vol[160] = "";

    if (np == 0 && nv == 0)
        return;
    if (np)
        snprintf(pnl, sizeof pnl, "the net P&L sketch of %zu of %zu cells (|P&L| below %.4g "
                 "reads as 0)", np, r->n_cells, wp);
    if (nv)
        snprintf(vol, sizeof vol, "the realized-volatility sketch of %zu of %zu regimes "
                 "(below %.4g it is not resolved)", nv, r->n_cases * r->n_regimes, wv);
    fprintf(stderr, "gscalp: warning: the bucket cap collapsed %s%s%s; raise "
            "output.sketch_buckets\n", pnl, np && nv ? " and " : "", vol);
}

void cli_print_summary(FILE *out, const gs_h5_info *info, const gs_result *r)
{
    const int wr = (int)label_width(r->n_regimes, r->regime_label, 6);
    const int wp = (int)label_width(r->n_policies, r->policy_label, 6);
    const int wc = (int)label_width(r->n_costs, r->cost_label, 4);
    const int q05 = quantile_index(r, 0.05), q50 = quantile_index(r, 0.5),
              q95 = quantile_index(r, 0.95);
    char steps[32] = "swept", horizon[32] = "swept", label[160];
    size_t k, a, b, c, d;

    if (info->steps > 0)
        snprintf(steps, sizeof steps, "%d", info->steps);
    if (info->horizon > 0)
        snprintf(horizon, sizeof horizon, "%g", info->horizon);
    fprintf(out, "%s: %llu paths x %s steps over %s years, seed %llu (gscalp %s, %s)\n",
            info->name, (unsigned long long)info->paths, steps, horizon,
            (unsigned long long)info->seed, info->version, info->commit);
    if (r->status[0] != '\0' && strcmp(r->status, "complete") != 0 && r->state != NULL)
        fprintf(out, "status %s: %llu of %llu blocks done%s\n", r->status,
                (unsigned long long)r->state->fold->blocks_done,
                (unsigned long long)r->state->fold->n_blocks,
                strcmp(r->status, "checkpoint") == 0 ? " (continue with run --resume)"
                : " (merge the other shares)");
    step_label(label, sizeof label, info);
    if (label[0])
        fprintf(out, "%s\n", label);
    for (d = 0; d < r->n_dims; d++)
        fprintf(out, "swept: %s (%s) over %zu values\n", r->dim[d].name, r->dim[d].key,
                r->dim[d].n);
    fprintf(out, "net P&L per path at expiry; mean +- standard error; P&L and cost in %s\n\n",
            gs_measure_get(GS_STAT_MEAN)->units);
    print_case_header(out, r);
    fprintf(out, "%-*s  %-*s  %-*s %10s %9s %9s %9s %9s %9s %8s %9s\n", wr, "regime", wp,
            "policy", wc, "cost", "mean", "+-se", "std", "q05", "median", "q95", "trades",
            "cost");
    for (k = 0; k < r->n_cases; k++)
        for (a = 0; a < r->n_regimes; a++)
            for (b = 0; b < r->n_policies; b++)
                for (c = 0; c < r->n_costs; c++) {
                    const size_t i = ((k * r->n_regimes + a) * r->n_policies + b) * r->n_costs + c;
                    const double *qs = r->quantile + i * r->n_quantiles;
                    const int cl = collapsed_at(r, 0, i);
                    const double zw = r->zero_width ? r->zero_width[i] : 0.0;
                    print_case(out, r, k);
                    fprintf(out, "%-*s  %-*s  %-*s %10.4f %9.4f %9.4f", wr, r->regime_label[a],
                            wp, r->policy_label[b], wc, r->cost_label[c],
                            r->stat[GS_STAT_MEAN][i], r->stat[GS_STAT_STDERR][i],
                            r->stat[GS_STAT_STD][i]);
                    print_quantile(out, q05 >= 0 ? qs[q05] : NAN, cl, zw);
                    print_quantile(out, q50 >= 0 ? qs[q50] : NAN, cl, zw);
                    print_quantile(out, q95 >= 0 ? qs[q95] : NAN, cl, zw);
                    fprintf(out, " %8.1f %9.4f\n", r->stat[GS_STAT_MEAN_TRADES][i],
                            r->stat[GS_STAT_MEAN_COST][i]);
                }
    if (r->rv_stat[GS_RV_MEAN] != NULL) {
        fprintf(out, "\n%s (%s)\n", gs_measure_get(GS_M_RV_MEAN)->long_name,
                gs_measure_get(GS_M_RV_MEAN)->units);
        print_case_header(out, r);
        fprintf(out, "%-*s %10s %9s %9s %9s %9s\n", wr, "regime", "mean", "std", "q05", "median",
                "q95");
        for (k = 0; k < r->n_cases; k++)
            for (a = 0; a < r->n_regimes; a++) {
                const size_t i = k * r->n_regimes + a;
                const double *qs = r->rv_quantile + i * r->n_quantiles;
                const int cl = collapsed_at(r, 1, i);
                print_case(out, r, k);
                fprintf(out, "%-*s %10.4f %9.4f", wr, r->regime_label[a],
                        r->rv_stat[GS_RV_MEAN][i], r->rv_stat[GS_RV_STD][i]);
                print_quantile(out, q05 >= 0 ? qs[q05] : NAN, cl, r->rv_zero_width[i]);
                print_quantile(out, q50 >= 0 ? qs[q50] : NAN, cl, r->rv_zero_width[i]);
                print_quantile(out, q95 >= 0 ? qs[q95] : NAN, cl, r->rv_zero_width[i]);
                fputc('\n', out);
            }
    }
    print_collapse_notes(out, r);
    if (r->schema == 1)
        fprintf(out, "\n(schema 1 file: quantiles from a pilot-range histogram; no realized "
                "volatility or run state)\n");
}

void cli_progress(void *ctx, uint64_t done, uint64_t total, double seconds)
{
    progress_state *ps = ctx;
    double rate = seconds > 0 ? (double)done / seconds : 0.0;
    double eta = rate > 0 ? (double)(total - done) / rate : 0.0;

    if (!ps->enabled || (seconds - ps->last < 0.2 && done < total))
        return;
    ps->last = seconds;
    fprintf(stderr, "\r%llu/%llu paths (%3.0f%%)  %.3g paths/s  ETA %.0f s   ",
            (unsigned long long)done, (unsigned long long)total,
            100.0 * (double)done / (double)total, rate, eta);
    if (done >= total)
        fprintf(stderr, "\r%*s\r", 70, "");
    fflush(stderr);
}
