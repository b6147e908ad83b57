"""Words and formats for people, the bottom layer of ``sim``: :mod:`sim.text.catalogue`
(every text shown, in Danish and English, under one dotted key; the words per area in
:mod:`sim.text.words`) and :mod:`sim.text.formats` (numbers, money, percentages, dates
and months, the Danish and the English way, from CLDR through Babel)."""
