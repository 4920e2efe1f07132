"""The layer construction both ziggurat generators share (Marsaglia and
Tsang, "The Ziggurat Method for Generating Random Variables", J. Stat.
Software 5(8), 2000), in 50-digit decimal arithmetic.

For a decreasing density f on [0, inf) with inverse finv and tail
integral tail(r) = integral of f beyond r: N layers of equal area v =
r f(r) + tail(r); X[0] = v / f(r) (the base layer's width with its tail),
X[1] = r, X[i+1] = finv(v / X[i] + f(X[i])), closing at X[N] = 0 for the
right r, which is found by bisection on [lo, hi]."""
from decimal import Decimal, getcontext

getcontext().prec = 50


def _layers(r, n, f, finv, tail):
    v = r * f(r) + tail(r)
    x = [v / f(r), r]
    for _ in range(2, n + 1):
        y = v / x[-1] + f(x[-1])
        if y >= 1:
            return x, True
        x.append(finv(y))
    return x, False


def edges(n, f, finv, tail, lo, hi):
    """X[0..n] with X[n] = 0, and r."""
    lo, hi = Decimal(lo), Decimal(hi)
    for _ in range(200):
        mid = (lo + hi) / 2
        x, overflow = _layers(mid, n, f, finv, tail)
        if overflow or len(x) < n + 1:
            lo = mid
        else:
            hi = mid
    x, _ = _layers(hi, n, f, finv, tail)
    return x[:n] + [Decimal(0)], hi


def print_table(name, values):
    print(f"static const double {name}[{len(values)}] = {{")
    for i in range(0, len(values), 4):
        print("    " + ", ".join(repr(float(t)) for t in values[i:i + 4]) + ",")
    print("};")
