"""The catalogue's words, one module per area, each a ``WORDS`` mapping key -> (Danish,
English); :mod:`sim.text.catalogue` gathers them into one."""
