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

// Streams as gs_rng_path derives them: the generator it seeds must equal
// pcg32(initstate, initseq) for rng.h's formula, and produce the same words.
void compare_path(Tally &t, uint64_t seed, uint32_t regime, uint64_t path)
{
    uint64_t id = (static_cast<uint64_t>(regime) << 40) + path;
    uint64_t initstate = gs_rng_mix(seed ^ gs_rng_mix(id));
    pcg32 ref(initstate, id);
    gs_pcg32 g;

    gs_rng_path(&g, seed, regime, path);
    for (int i = 0; i < kWords; i++) {
        uint32_t want = ref();
        uint32_t got = gs_pcg32_next(&g);

        if (got != want) {
            std::printf("FAIL path (seed %" PRIu64 ", regime %" PRIu32 ", path %"
                        PRIu64 "): word %d is 0x%08" PRIx32 ", pcg-cpp gives "
                        "0x%08" PRIx32 "\n", seed, regime, path, i, got, want);
            t.failed++;
            return;
        }
    }
    t.passed++;
}

// The block API advances each lane as its own pcg32.
void compare_block(Tally &t)
{
    const size_t n = 37;
    std::vector<uint64_t> state(n), inc(n);
    std::vector<pcg32> ref;
    std::vector<double> z(n);

    gs_rng_block_seed(state.data(), inc.data(), n, 12345, 2, 1000);
    for (size_t k = 0; k < n; k++) {
        uint64_t id = (UINT64_C(2) << 40) + 1000 + k;
        ref.emplace_back(gs_rng_mix(12345 ^ gs_rng_mix(id)), id);
    }
    for (int step = 0; step < 100; step++) {
        gs_rng_block_normal(state.data(), inc.data(), n, z.data());
        for (size_t k = 0; k < n; k++) {
            double want = gs_normal_inv(gs_rng_uniform(ref[k]()));

            if (z[k] != want) {
                std::printf("FAIL block lane %zu step %d: %a, pcg-cpp word "
                            "gives %a\n", k, step, z[k], want);
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
        uint32_t regime;
        uint64_t path;
    } paths[] = {
        {0, 0, 0},
        {1, 0, 1},
        {20240611, 3, 999},
        {UINT64_MAX, 7, (UINT64_C(1) << 40) - 1},
        {42, (1u << 23) - 1, 123456789},
    };
    Tally t;

    check_demo_words(t);
    for (const auto &p : pairs)
        compare_stream(t, p.what, p.initstate, p.initseq);
    for (const auto &p : paths)
        compare_path(t, p.seed, p.regime, p.path);
    compare_block(t);
    std::printf("%d passed, %d failed\n", t.passed, t.failed);
    return t.failed == 0 ? 0 : 1;
}
