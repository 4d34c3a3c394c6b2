"""Whether a student meets each beroepsvereiste on a date: pure, over frozen results.

The progress and diplomabaarheid rules call `stand_op`; nothing here reads the
database or the clock, so a date in the past or the future is just as easy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# A valid result that ends within this many days is a warning before it becomes a reason.
WAARSCHUWING_DAGEN = 30


@dataclass(frozen=True)
class Uitslag:
    """One recorded result, as the rules need it."""

    id: int
    code: str
    datum: dt.date
    voldaan: bool
    geldig_tot: dt.date | None
    corrigeert: int | None = None


@dataclass(frozen=True)
class Stand:
    code: str
    voldaan: bool  # met and valid on the date
    geldig_tot: dt.date | None  # until when the counting result holds; None when nothing valid
    verloopt_binnenkort: bool  # met, but it ends within WAARSCHUWING_DAGEN days
    geldt: Uitslag | None  # the result that counts on the date, if any


def geldende_uitslag(uitslagen: Iterable[Uitslag], code: str, datum: dt.date) -> Uitslag | None:
    """The result that counts for `code` on `datum`: the latest one taken by then that no other corrects.

    A correction is a new record naming the one it replaces; the replaced record
    stays in the history but no longer counts, whatever its date. Among results
    of the same datum the one recorded last counts.
    """
    alle = [u for u in uitslagen if u.code == code]
    gecorrigeerd = {u.corrigeert for u in alle if u.corrigeert is not None}
    kandidaten = [u for u in alle if u.id not in gecorrigeerd and u.datum <= datum]
    return max(kandidaten, key=lambda u: (u.datum, u.id), default=None)


def stand_op(codes: Sequence[str], uitslagen: Iterable[Uitslag], datum: dt.date) -> dict[str, Stand]:
    """Per beroepsvereiste code (in the given order): met and valid on `datum`, until when, and a warning."""
    uitslagen = list(uitslagen)
    standen: dict[str, Stand] = {}
    for code in codes:
        geldt = geldende_uitslag(uitslagen, code, datum)
        geldig = geldt is not None and geldt.voldaan and geldt.geldig_tot is not None and geldt.geldig_tot >= datum
        geldig_tot = geldt.geldig_tot if geldig and geldt is not None else None
        binnenkort = geldig_tot is not None and (geldig_tot - datum).days <= WAARSCHUWING_DAGEN
        standen[code] = Stand(code, geldig, geldig_tot, binnenkort, geldt)
    return standen


@dataclass(frozen=True)
class Periode:
    """From `van` up to (not including) `tot` (open when None) this result is the one that counts for `code`."""

    code: str
    van: dt.date
    tot: dt.date | None
    uitslag: Uitslag

    @property
    def geldig_tot(self) -> dt.date | None:
        """The last date this result makes the beroepsvereiste valid on, if it is met at all."""
        return self.uitslag.geldig_tot if self.uitslag.voldaan else None

    def geldig_op(self, datum: dt.date) -> bool:
        tot = self.geldig_tot
        return self.van <= datum and (self.tot is None or datum < self.tot) and tot is not None and tot >= datum


def perioden(uitslagen: Iterable[Uitslag], code: str) -> list[Periode]:
    """Every span of dates with the result that counts then (geldende_uitslag on each of those dates), in order.

    What the stored progress keeps per beroepsvereiste: with it, "valid on D" is a comparison of dates.
    """
    alle = [u for u in uitslagen if u.code == code]
    gecorrigeerd = {u.corrigeert for u in alle if u.corrigeert is not None}
    per_datum: dict[dt.date, Uitslag] = {}
    for uitslag in sorted((u for u in alle if u.id not in gecorrigeerd), key=lambda u: (u.datum, u.id)):
        per_datum[uitslag.datum] = uitslag  # of the same datum, the one recorded last counts
    datums = sorted(per_datum)
    return [
        Periode(code, datum, datums[i + 1] if i + 1 < len(datums) else None, per_datum[datum])
        for i, datum in enumerate(datums)
    ]
