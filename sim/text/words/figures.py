"""Words of the charts and maps (``ui/figures``)."""

WORDS: dict[str, tuple[str, str]] = {
    "figure.per_capacity": ("÷ kap.", "÷ cap."),
    "figure.premises": ("Lokationer", "Premises"),
    "figure.options": ("Forslag", "Options"),
    "figure.millions": ("mio. kr.", "DKK million"),
    "figure.budget_line": ("Budget ({reference} + bevilling)", "Budget ({reference} + funding)"),
    "figure.over_budget.title": (
        "Over budget (+) / margen (−) pr. budgetår",
        "Over budget (+) / margin (−) per budget year",
    ),
    "figure.cost_difference.title": (
        "Udgifter i forhold til {reference}",
        "Cost compared with {reference}",
    ),
    "figure.the_reference": ("referencen", "the reference"),
    "figure.capacity": ("kapacitet", "capacity"),
    "figure.occupancy.title": ("Spidsbelægning ÷ kapacitet", "Peak occupancy ÷ capacity"),
    "figure.tornado.low": ("lav", "low"),
    "figure.tornado.high": ("høj", "high"),
    "figure.tornado.axis_points": ("ændring i procentpoint", "change in percentage points"),
    "figure.tornado.axis": ("ændring mod basis", "change against the base"),
    # the map's hover texts: "12 / 40 medarbejdere / pladser", "40 pladser"
    "map.staff_places": ("medarbejdere / pladser", "staff / places"),
    "map.places": ("pladser", "places"),
}
