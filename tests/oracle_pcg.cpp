// oracle_pcg.cpp -- gscalp's pcg32 against pcg-cpp (Debian libpcg-cpp-dev),
// word for word. Prints "N passed, N failed"; exits non-zero on a mismatch.
// rng.h declares gs_rng_block_normal with C99 restrict, which C++ lacks;
// g++ spells it __restrict__. The macro is dropped again after the header.
#define restrict __restrict__
#include "gscalp/rng.h"
#undef restrict

#include <pcg_random.hpp>

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <vector>

namespace {

// Words compared per (initstate, initseq) pair.
const int kWords = 10000;

struct Tally {
    int passed = 0;
    int failed = 0;
};

// Compare kWords outputs of pcg_cpp's pcg32(initstate, initseq) with
// gs_pcg32_next after gs_pcg32_seed(initstate, initseq). One check per pair;
// the first differing word is reported.
void compare_stream(Tally &t, const char *what, uint64_t initstate,
                    uint64_t initseq)
{
    pcg32 ref(initstate, initseq);
    gs_pcg32 g;

    gs_pcg32_seed(&g, initstate, initseq);
    for (int i = 0; i < kWords; i++) {
        uint32_t want = ref();
        uint32_t got = gs_pcg32_next(&g);

        if (got != want) {
            std::printf("FAIL %s (0x%016" PRIx64 ", 0x%016" PRIx64 "): word %d "
                        "is 0x%08" PRIx32 ", pcg-cpp gives 0x%08" PRIx32 "\n",
                        what, initstate, initseq, i, got, want);
            t.failed++;
            return;
        }
    }
    t.passed++;
}

// The first six words of pcg32 seeded (42, 54), as printed by the PCG demo
// program (pcg32-demo), from both implementations.
void check_demo_words(Tally &t)
{
    static const uint32_t demo[6] = {
        0xa15c02b7u, 0x7b47f409u, 0xba1d3330u,
        0x83d2f293u, 0xbfa4784bu, 0xcbed606eu
    };
    pcg32 ref(42u, 54u);
    gs_pcg32 g;
    int bad = 0;

    gs_pcg32_seed(&g, 42, 54);
    for (int i = 0; i < 6; i++) {
        uint32_t r = ref();
        uint32_t w = gs_pcg32_next(&g);

        if (r != demo[i] || w != demo[i]) {
            std::printf("FAIL demo word %d: expected 0x%08" PRIx32 ", pcg-cpp "
                        "0x%08" PRIx32 ", gscalp 0x%08" PRIx32 "\n",
                        i, demo[i], r, w);
            bad = 1;
        }
    }
    if (bad)
        t.failed++;
    else
        t.passed++;
}

// rng.h's key of a stream, written out again here from its documentation:
// initseq = (path << 3) | component, initstate = mix(mix(seed ^ h) ^ mix(initseq)).
uint64_t stream_seq(uint64_t path, unsigned component)
{
    return (path << 3) | component;
}

uint64_t stream_state(uint64_t seed, uint64_t h, uint64_t path, unsigned component)
{
    return gs_rng_mix(gs_rng_mix(seed ^ h) ^ gs_rng_mix(stream_seq(path, component)));
}

// Streams as gs_rng_stream derives them: the generator it seeds must equal
// pcg32(initstate, initseq) for rng.h's formula, and produce the same words.
void compare_path(Tally &t, uint64_t seed, const char *label, uint64_t path, unsigned comp)
{
    const uint64_t h = gs_rng_label_hash(label);
    pcg32 ref(stream_state(seed, h, path, comp), stream_seq(path, comp));
    gs_pcg32 g;

    gs_rng_stream(&g, seed, h, path, static_cast<gs_stream_component>(comp));
    for (int i = 0; i < kWords; i++) {
        uint32_t want = ref();
        uint32_t got = gs_pcg32_next(&g);

        if (got != want) {
            std::printf("FAIL path (seed %" PRIu64 ", label '%s', path %" PRIu64
                        ", component %u): word %d is 0x%08" PRIx32 ", pcg-cpp gives "
                        "0x%08" PRIx32 "\n", seed, label, path, comp, i, got, want);
            t.failed++;
            return;
        }
    }
    t.passed++;
}

// The block APIs advance each lane as its own pcg32.
void compare_block(Tally &t)
{
    const size_t n = 37;
    const uint64_t h = gs_rng_label_hash("block");
    std::vector<uint64_t> state(n), inc(n);
    std::vector<pcg32> ref;
    std::vector<double> z(n), u(n);

    gs_rng_block_seed(state.data(), inc.data(), n, 12345, h, 1000, GS_STREAM_VARIANCE);
    for (size_t k = 0; k < n; k++)
        ref.emplace_back(stream_state(12345, h, 1000 + k, GS_STREAM_VARIANCE),
                         stream_seq(1000 + k, GS_STREAM_VARIANCE));
    for (int step = 0; step < 100; step++) {
        gs_rng_block_normal(state.data(), inc.data(), n, z.data());
        gs_rng_block_uniform(state.data(), inc.data(), n, u.data());
        for (size_t k = 0; k < n; k++) {
            double want = gs_normal_inv(gs_rng_uniform(ref[k]()));
            double want_u = gs_rng_uniform(ref[k]());

            if (z[k] != want || u[k] != want_u) {
                std::printf("FAIL block lane %zu step %d: %a %a, pcg-cpp words "
                            "give %a %a\n", k, step, z[k], u[k], want, want_u);
                t.failed++;
                return;
            }
        }
    }
    t.passed++;
}

}  // namespace

int main()
{
    static const struct {
        const char *what;
        uint64_t initstate, initseq;
    } pairs[] = {
        {"zero", 0, 0},
        {"one", 1, 1},
        {"demo", 42, 54},
        {"state max", UINT64_MAX, 0},
        {"seq max", 0, UINT64_MAX},
        {"both max", UINT64_MAX, UINT64_MAX},
        {"seq top bit", 1, UINT64_C(0x8000000000000000)},
        {"mixed", UINT64_C(0x853c49e6748fea9b), UINT64_C(0xda3e39cb94b95bdb)},
    };
    static const struct {
        uint64_t seed;
        const char *label;
        uint64_t path;
        unsigned component;
    } paths[] = {
        {0, "", 0, 0},
        {1, "", 1, 1},
        {20240611, "heston", 999, 2},
        {UINT64_MAX, "x", (UINT64_C(1) << 40) - 1, 4},
        {42, "", 123456789, 7},
    };
    Tally t;

    check_demo_words(t);
    for (const auto &p : pairs)
        compare_stream(t, p.what, p.initstate, p.initseq);
    for (const auto &p : paths)
        compare_path(t, p.seed, p.label, p.path, p.component);
    compare_block(t);
    std::printf("%d passed, %d failed\n", t.passed, t.failed);
    return t.failed == 0 ? 0 : 1;
}
