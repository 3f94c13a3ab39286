#!/usr/bin/env python3
"""Reference values for tests/test_book.c: Black-Scholes-Merton value and
delta of multi-leg books, computed with mpmath at 40 significant digits
(Hull, Options, Futures and Other Derivatives, eqs. for c, p and delta with
a continuous dividend yield q). Independent of gscalp's bs.c and book.c.

Run: python3 tests/data/book_reference.py   (prints the C table rows)
"""
from mpmath import mp, mpf, log, sqrt, exp, ncdf

mp.dps = 40


def leg(kind, S, K, T, v, r, q):
    w = 1 if kind == "call" else -1
    S, K, T, v, r, q = (mpf(x) for x in (S, K, T, v, r, q))
    d1 = (log(S / K) + (r - q + v * v / 2) * T) / (v * sqrt(T))
    d2 = d1 - v * sqrt(T)
    value = w * (S * exp(-q * T) * ncdf(w * d1) - K * exp(-r * T) * ncdf(w * d2))
    delta = w * exp(-q * T) * ncdf(w * d1)
    return value, delta


BOOKS = {
    # call 110 x 1, put 90 x 1, call 100 x -0.5, put 100 x 2 (test_book.c's
    # strangle_plus: two legs share strike 100)
    "STRANGLE_PLUS": [("call", "110", "1"), ("put", "90", "1"),
                      ("call", "100", "-0.5"), ("put", "100", "2")],
    "STRADDLE": [("call", "100", "1"), ("put", "100", "1")],
}

POINTS = [  # S, tau, sigma, r, q
    ("103", "0.4", "0.25", "0.05", "0"),
    ("97", "0.7", "0.3", "0.02", "0.04"),
    ("61.5", "0.05", "0.6", "-0.01", "0.03"),
]

for name, legs in BOOKS.items():
    for S, T, v, r, q in POINTS:
        val = mpf(0)
        dlt = mpf(0)
        for kind, K, qty in legs:
            a, b = leg(kind, S, K, T, v, r, q)
            val += mpf(qty) * a
            dlt += mpf(qty) * b
        print("    { %-13s %5s, %4s, %4s, %5s, %4s, %s, %s }," % (
            name + ",", S, T, v, r, q, mp.nstr(val, 17, min_fixed=-30, max_fixed=30),
            mp.nstr(dlt, 17, min_fixed=-30, max_fixed=30)))
