"""Words and formats for people: :mod:`sim.text.formats` (numbers, money, percentages,
dates and months, the Danish and the English way, from CLDR through Babel)."""
