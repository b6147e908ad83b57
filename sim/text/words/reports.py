"""Words of files, workbooks, the HTML report and plain-language sentences."""

WORDS: dict[str, tuple[str, str]] = {
    # the comparison workbook (sheets, headers, words in cells), also the HTML report's
    "comparison.title": ("Sammenligning af scenarier", "Comparison of scenarios"),
    "comparison.reference": ("Reference", "Reference"),
    "comparison.scenario": ("Scenarie", "Scenario"),
    "comparison.description": ("Beskrivelse", "Description"),
    "comparison.kpi": ("Nøgletal", "Indicator"),
    "comparison.unit": ("Enhed", "Unit"),
    "comparison.mean": ("Gns.", "Mean"),
    "comparison.ci_low": ("95 %-KI fra", "95% CI from"),
    "comparison.ci_high": ("95 %-KI til", "95% CI to"),
    "comparison.difference": ("Forskel fra reference", "Difference from reference"),
    "comparison.paired": ("Parret", "Paired"),
    "comparison.certain": ("Sikker forskel", "Certain difference"),
    "comparison.assessment": ("Vurdering", "Assessment"),
    "comparison.note": ("Note", "Note"),
    "comparison.month": ("Måned", "Month"),
    "comparison.year": ("År", "Year"),
    "comparison.line": ("Post", "Line"),
    "comparison.team": ("Enhed", "Team"),
    "comparison.premises": ("Lokation", "Premises"),
    "comparison.premises_name": ("Lokationens navn", "Premises name"),
    "comparison.start": ("Fra", "From"),
    "comparison.end": ("Til", "To"),
    "comparison.setting": ("Antagelse", "Assumption"),
    "comparison.differs": ("Forskellig", "Differs"),
    "comparison.field": ("Felt", "Field"),
    "comparison.yes": ("Ja", "Yes"),
    "comparison.no": ("Nej", "No"),
    "comparison.better": ("bedre", "better"),
    "comparison.worse": ("værre", "worse"),
    "comparison.same": ("ingen sikker forskel", "no certain difference"),
    "comparison.running": ("Løbende merudgift", "Extra running cost"),
    "comparison.one_off": ("Engangsudgifter", "One-off costs"),
    "comparison.funding": ("Implementeringsbevilling", "Implementation funding"),
    "comparison.over_budget": ("Over budget (+) / margen (−)", "Over budget (+) / margin (−)"),
    "comparison.verdict": ("Budget", "Budget"),
    "comparison.leases": ("Lejemål", "Leases"),
    "comparison.replications": ("Replikationer", "Replications"),
    "comparison.sheet_summary": ("Resumé", "Summary"),
    "comparison.sheet_kpis": ("Nøgletal", "Indicators"),
    "comparison.sheet_differences": ("Forskelle", "Differences"),
    "comparison.sheet_month": ("Pr. måned", "By month"),
    "comparison.sheet_costs": ("Udgifter", "Costs"),
    "comparison.sheet_budget": ("Udgiftsforskelle og budget", "Cost differences, budget"),
    "comparison.sheet_placements": ("Placeringer", "Placements"),
    "comparison.sheet_assumptions": ("Antagelser", "Assumptions"),
    "comparison.sheet_runs": ("Kørsler og seeds", "Runs and seeds"),
    # the run sheet's fields
    "run_sheet.scenario": ("Scenarie", "Scenario"),
    "run_sheet.scenario_hash": ("Scenariets hash", "Scenario hash"),
    "run_sheet.data_hash": ("Datas hash", "Data hash"),
    "run_sheet.model_version": ("Modelversion", "Model version"),
    "run_sheet.horizon_start": ("Horisont, første dag", "Horizon, first day"),
    "run_sheet.horizon_end": ("Horisont, sidste dag", "Horizon, last day"),
    "run_sheet.fidelity": ("Detaljeringsgrad", "Fidelity"),
    "run_sheet.simulated_days_per_replication": (
        "Simulerede dage pr. replikation",
        "Simulated days per replication",
    ),
    "run_sheet.replications": ("Replikationer", "Replications"),
    "run_sheet.seeds": ("Seeds", "Seeds"),
    "run_sheet.illustrative_data": ("Illustrative data", "Illustrative data"),
    # units in a table's unit column
    "unit.count": ("antal", "count"),
    "unit.share": ("andel", "share"),
    "unit.minutes": ("min.", "min"),
    "unit.hours": ("timer", "hours"),
    "unit.km": ("km", "km"),
    "unit.days": ("dage", "days"),
    "unit.ratio": ("forhold", "ratio"),
    "unit.dkk": ("kr.", "DKK"),
    # the HTML report
    "report.title": ("Sammenligning af scenarier", "Comparison of scenarios"),
    "report.made": ("Lavet", "Made"),
    "report.summary": ("Resumé", "Summary"),
    "report.kpis": ("Nøgletal side om side", "Indicators side by side"),
    "report.kpis_help": (
        "Gennemsnit over replikationerne med 95 %-konfidensinterval i parentes. Forskel: "
        "scenariet minus referencen; grøn er bedre, rød er værre, grå er ingen sikker forskel "
        "(intervallet indeholder 0). Andele i procentpoint.",
        "Mean over the replications with its 95% confidence interval in brackets. "
        "Difference: the scenario minus the reference; green is better, red worse, grey no "
        "certain difference (the interval includes 0). Shares in percentage points.",
    ),
    "report.pairing": ("Sådan er der sammenlignet", "How the runs were compared"),
    "report.pairing_help": (
        "Kørsler med de samme seeds er sammenlignet parvis, seed for seed (fælles tilfældige "
        "tal): begge scenarier mødte den samme efterspørgsel, det samme fravær og den samme "
        "personaleomsætning, så forskellen skyldes scenariet. Kørsler med forskellige seeds er "
        "sammenlignet uparret med Welchs interval, som er bredere.",
        "Runs with the same seeds are compared in pairs, seed by seed (common random numbers): "
        "both scenarios met the same demand, absence and turnover, so the difference is the "
        "scenario's. Runs with different seeds are compared unpaired with Welch's interval, "
        "which is wider.",
    ),
    "report.costs": ("Udgifter pr. budgetår", "Cost per budget year"),
    "report.charts": ("Figurer", "Charts"),
    "report.placements": ("Placeringer", "Placements"),
    "report.none": (
        "Ingen (alle enheder i deres nuværende lokationer)",
        "None (every team at home)",
    ),
    "report.assumptions": ("Antagelser", "Assumptions"),
    "report.assumptions_help": (
        "Antagelser, der er forskellige mellem scenarierne. Alle antagelser står nedenfor.",
        "Assumptions that differ between the scenarios. All assumptions are below.",
    ),
    "report.all_assumptions": ("Alle antagelser", "All assumptions"),
    "report.run_sheet": ("Kørselsark (STRESS-DES)", "Run sheet (STRESS-DES)"),
    "report.run_sheet_help": (
        "Det, der skal til for at gentage kørslerne: scenariets og datas hash, modelversion, "
        "horisont, detaljeringsgrad, replikationer og seeds. Samme scenarie, data og seeds "
        "giver de samme tal.",
        "What it takes to repeat the runs: the scenario's and the data's hash, model version, "
        "horizon, fidelity, replications and seeds. The same scenario, data and seeds give "
        "the same figures.",
    ),
    "report.no_difference": ("ingen forskelle", "no differences"),
    "report.points": ("pct.-point", "pp"),
    "report.by_month": ("{kpi} pr. måned", "{kpi} by month"),
    "unit.points": ("procentpoint", "percentage points"),
    # summary files (JSON, CSV, XLSX) of one run
    "files.illustrative": (
        "Illustrative data: standarddata er illustrative og skal erstattes med egne tal.",
        "Illustrative data: the default data set is illustrative; replace it with your own.",
    ),
    "files.sheet.summary": ("Resumé", "Summary"),
    "files.sheet.by": ("Pr. {dimension}", "By {dimension}"),
    "files.sheet.run": ("Kørsel", "Run"),
    "files.sheet.verdict": ("Budget og service", "Budget and service"),
    "files.field": ("felt", "field"),
    "files.value": ("værdi", "value"),
    # a KPI's difference in words, more and less; {x} is its size ("… end Basis (95 %-KI …)")
    "sentence.on_time_share.more": (
        "leverer {x} procentpoint flere besøg til tiden",
        "delivers {x} percentage points more visits on time",
    ),
    "sentence.on_time_share.less": (
        "leverer {x} procentpoint færre besøg til tiden",
        "delivers {x} percentage points fewer visits on time",
    ),
    "sentence.missed_visits.more": (
        "har {x} flere aflyste besøg",
        "has {x} more missed visits",
    ),
    "sentence.missed_visits.less": (
        "har {x} færre aflyste besøg",
        "has {x} fewer missed visits",
    ),
    "sentence.late_visits.more": (
        "har {x} flere forsinkede besøg",
        "has {x} more late visits",
    ),
    "sentence.late_visits.less": (
        "har {x} færre forsinkede besøg",
        "has {x} fewer late visits",
    ),
    "sentence.response_p90_min.more": (
        "har {x} min. længere responstid på nødkald (90 %-fraktil)",
        "has a {x} min longer response to alarm calls (90th percentile)",
    ),
    "sentence.response_p90_min.less": (
        "har {x} min. kortere responstid på nødkald (90 %-fraktil)",
        "has a {x} min shorter response to alarm calls (90th percentile)",
    ),
    "sentence.response_mean_min.more": (
        "har {x} min. længere gennemsnitlig responstid",
        "has a {x} min longer mean response time",
    ),
    "sentence.response_mean_min.less": (
        "har {x} min. kortere gennemsnitlig responstid",
        "has a {x} min shorter mean response time",
    ),
    "sentence.travel_share.more": (
        "bruger {x} procentpoint mere af arbejdstiden på transport",
        "spends {x} percentage points more of paid time travelling",
    ),
    "sentence.travel_share.less": (
        "bruger {x} procentpoint mindre af arbejdstiden på transport",
        "spends {x} percentage points less of paid time travelling",
    ),
    "sentence.continuity_share.more": (
        "har {x} procentpoint højere kontinuitet",
        "has {x} percentage points higher continuity",
    ),
    "sentence.continuity_share.less": (
        "har {x} procentpoint lavere kontinuitet",
        "has {x} percentage points lower continuity",
    ),
    "sentence.overtime_hours.more": (
        "har {x} flere timers overarbejde",
        "has {x} more hours of overtime",
    ),
    "sentence.overtime_hours.less": (
        "har {x} færre timers overarbejde",
        "has {x} fewer hours of overtime",
    ),
    "sentence.premises_peak_ratio.more": (
        "har {x} højere spidsbelægning i forhold til kapaciteten",
        "has a {x} higher peak occupancy relative to capacity",
    ),
    "sentence.premises_peak_ratio.less": (
        "har {x} lavere spidsbelægning i forhold til kapaciteten",
        "has a {x} lower peak occupancy relative to capacity",
    ),
    # plain-language sentences on a compared run
    "sentence.unit.share": ("procentpoint", "percentage points"),
    "sentence.unit.minutes": ("min.", "min"),
    "sentence.unit.hours": ("timer", "hours"),
    "sentence.unit.km": ("km", "km"),
    "sentence.no_figures": ("har ingen tal for {label}", "has no figures for {label}"),
    "sentence.no_difference": (
        "viser ingen sikker forskel i {label} fra {reference}{interval}",
        "shows no certain difference in {label} from {reference}{interval}",
    ),
    # any other KPI: "har 12 flere leverede besøg", "har 0,3 højere udnyttelse"
    "sentence.other": ("har {amount} {word} {label}", "has {amount} {word} {label}"),
    "sentence.other.more_count": ("flere", "more"),
    "sentence.other.less_count": ("færre", "fewer"),
    "sentence.other.more": ("højere", "higher"),
    "sentence.other.less": ("lavere", "lower"),
    "sentence.cost.no_difference": (
        "ingen sikker forskel i udgifterne i {year}{interval}",
        "no certain difference in cost in {year}{interval}",
    ),
    "sentence.cost.more": (
        "koster {amount} mere i {year}{interval}",
        "costs {amount} more in {year}{interval}",
    ),
    "sentence.cost.less": (
        "koster {amount} mindre i {year}{interval}",
        "costs {amount} less in {year}{interval}",
    ),
    "sentence.reference": (
        "{run} er referencen, de andre scenarier sammenlignes med.",
        "{run} is the reference the other scenarios are compared with.",
    ),
    # the costs per budget year as text (the command line)
    "costs_text.title": ("Udgifter pr. budgetår (kr.)", "Cost per budget year (DKK)"),
    "costs_text.difference": (
        "Forskel fra {reference} (parret pr. replikation):",
        "Difference from {reference} (paired per replication):",
    ),
    "costs_text.margin": ("margen {margin}", "margin {margin}"),
    "costs_text.running": ("løbende merudgift {running}", "extra running cost {running}"),
    "costs_text.one_off": (
        "engangsudgifter {one_off} mod implementeringsbevilling {funding}",
        "one-off costs {one_off} against implementation funding {funding}",
    ),
}
