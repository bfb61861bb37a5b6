"""The bench's tables: PASS or FAIL per page, as `make bench` prints them."""

MAX_RATIO = 3.0


def _print_table(header, table) -> None:
    widths = [max(len(row[i]) for row in [header, *table]) for i in range(len(header))]
    for i, row in enumerate([header, *table]):
        print(
            "  ".join(
                cell.ljust(w) if j == 0 else cell.rjust(w)
                for j, (cell, w) in enumerate(zip(row, widths, strict=True))
            ).rstrip()
        )
        if i == 0:
            print("  ".join("-" * w for w in widths))


def pages(big: dict, small: dict, *, runs: int, warmups: int) -> list[dict]:
    """Every page against the floor, and its query count at both sizes."""
    floor = next(p for p in big["pages"] if p["page"] == "floor")["median_ms"]
    small_by_page = {p["page"]: p for p in small["pages"]}
    rows = []
    for p in big["pages"]:
        # A row the small database could not offer (nothing to measure there) fails.
        other = small_by_page.get(p["page"], {"queries": None, "median_ms": float("nan")})
        q_small = other["queries"]
        ratio = p["median_ms"] / floor
        fast = p["median_ms"] < p["target_ms"] if "target_ms" in p else ratio <= MAX_RATIO
        ok = fast and p["queries"] == q_small
        rows.append(
            {
                "page": p["page"],
                "url": p["url"],
                "median_ms": p["median_ms"],
                "p95_ms": p["p95_ms"],
                "ratio": round(ratio, 2),
                "queries_big": p["queries"],
                "queries_small": q_small,
                "median_ms_small": other["median_ms"],
                "result": "PASS" if ok else "FAIL",
            }
        )
    print()
    print(
        f"{big['participants']:,} participants and about {big['contacts']:,} contacts in "
        f"{big['database']} (org {big['org']}: {big['org_participants']:,}; peer's caseload "
        f"{big['peer_caseload']}), {small['participants']:,} participants in "
        f"{small['database']}; median and 95th percentile of {runs} after {warmups} warm-ups"
    )
    header = (
        "page",
        "median ms",
        "p95 ms",
        "x floor",
        "queries big",
        "queries small",
        "ms small",
        "",
    )
    _print_table(
        header,
        [
            (
                r["page"],
                f"{r['median_ms']:.1f}",
                f"{r['p95_ms']:.1f}",
                f"{r['ratio']:.2f}",
                str(r["queries_big"]),
                str(r["queries_small"]),
                f"{r['median_ms_small']:.1f}",
                r["result"],
            )
            for r in rows
        ],
    )
    return rows


def search(embedded: dict, *, runs: int) -> list[dict]:
    """Search on the embedded default (SQLite), against its fixed budget."""
    rows = [
        {
            "page": p["page"],
            "median_ms": p["median_ms"],
            "p95_ms": p["p95_ms"],
            "queries": p["queries"],
            "result": "PASS" if p["median_ms"] < p["target_ms"] else "FAIL",
        }
        for p in embedded["pages"]
    ]
    print()
    print(
        f"Search on SQLite ({embedded['database']}): {embedded['participants']:,} participants, "
        f"{embedded['contacts']:,} contacts; median and 95th percentile of {runs}"
    )
    _print_table(
        ("search", "median ms", "p95 ms", "queries", ""),
        [
            (
                r["page"],
                f"{r['median_ms']:.1f}",
                f"{r['p95_ms']:.1f}",
                str(r["queries"]),
                r["result"],
            )
            for r in rows
        ],
    )
    return rows


def seeding(name: str, label: str, record: dict, limit_seconds: int) -> None:
    if record.get("seconds") is None:
        return
    verdict = "PASS" if record["seconds"] < limit_seconds else "FAIL"
    when = "this run" if record["seeded"] else f"when seeded, {record['at']}"
    load = f"; load average {record['load']}" if record.get("load") else ""
    print(
        f"Seeding {name} ({label}): {record['seconds']:.1f} s ({when}{load}; "
        f"target < {limit_seconds} s: {verdict})"
    )
