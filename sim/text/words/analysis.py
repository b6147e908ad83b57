"""Words of costs, the budget verdict, comparison and sweeps."""

WORDS: dict[str, tuple[str, str]] = {
    # breakdowns
    "dimension.month": ("Måned", "Month"),
    "dimension.area": ("Bydel", "District"),
    "dimension.team": ("Enhed", "Team"),
    "dimension.premises": ("Lokation", "Premises"),
    "dimension.organisation": ("Organisation", "Organisation"),
    # cost lines (sim.analysis.costs.COST_LINES) and their total
    "cost.line.salaries": ("Løn, fastansatte (inkl. pension)", "Salaries (incl. pension)"),
    "cost.line.supplements": (
        "Løntillæg aften, nat og weekend",
        "Evening, night and weekend supplements",
    ),
    "cost.line.overtime": ("Overarbejde", "Overtime"),
    "cost.line.agency_vacancies": (
        "Vikar for ubesatte stillinger",
        "Agency staff for vacant positions",
    ),
    "cost.line.agency_visits": (
        "Vikar for besøg, egne medarbejdere ikke nåede",
        "Agency staff for visits own staff could not cover",
    ),
    "cost.line.recruitment": ("Rekruttering", "Recruitment"),
    "cost.line.rent": ("Husleje", "Rent"),
    "cost.line.rent_unused": (
        "heraf husleje for lokaler uden enheder (fx dobbelt husleje)",
        "of which rent of premises no team uses (e.g. double rent)",
    ),
    "cost.line.running": ("Drift af lokaler", "Running costs of premises"),
    "cost.line.transport": ("Transport", "Transport"),
    "cost.line.service_gap": (
        "Serviceefterslæb: aflyste besøg prissat som vikardækning (ikke en udbetaling)",
        "Service gap: missed visits priced as agency cover (not a payment)",
    ),
    "cost.line.fitout": ("Indretning (engangsudgift)", "Fit-out (one-off)"),
    "cost.line.moving": ("Flytning (engangsudgift)", "Moving (one-off)"),
    "cost.line.total": ("I alt", "Total"),
    # the budget verdict, one sentence everywhere
    "verdict.within": ("inden for budget", "within budget"),
    "verdict.over": ("over budget med {amount}", "over budget by {amount}"),
    "verdict.uncertain": ("(usikkert)", "(uncertain)"),
    "verdict.service_worse": (", men med ringere service", ", but with worse service"),
    "verdict.uncertain_word": ("usikkert", "uncertain"),
    "verdict.interval": ("{low} til {high}", "{low} to {high}"),
    "verdict.service": ("Service mod Basis: {service}", "Service against Basis: {service}"),
    "verdict.service_unchanged": ("uændret", "unchanged"),
    "verdict.service.missed_visits": ("aflyste besøg {value}", "missed visits {value}"),
    "verdict.service.on_time_share": (
        "besøg til tiden {value} procentpoint",
        "visits on time {value} percentage points",
    ),
    "verdict.service.response_p90_min": (
        "alarmsvar (90 %-fraktil) {value} min.",
        "alarm response (90th percentile) {value} min",
    ),
    "verdict.title": (
        "Budget og service mod Basis (samme dage og seeds)",
        "Budget and service against Basis (same days and seeds)",
    ),
    "verdict.rule": (
        "Dommen er scenariet mod Basis (scenarios/baseline.yaml på scenariets egne data, "
        "dage og seeds), parret replikation for replikation: over budget = løbende "
        "merudgift + engangsudgifter ud over implementeringsbevillingen, pr. budgetår med "
        "95 %-KI, og usikkert når intervallet rummer 0. Servicen står ved siden af "
        "pengene: aflyste besøg, besøg til tiden og alarmsvar. Illustrative data.",
        "The verdict is the scenario against Basis (scenarios/baseline.yaml on the "
        "scenario's own data, days and seeds), paired replication by replication: over "
        "budget = extra running cost + one-off costs beyond the implementation funding, per "
        "budget year with its 95% CI, and uncertain when the interval spans 0. The service "
        "stands next to the money: missed visits, visits on time and alarm response. "
        "Illustrative data.",
    ),
    # how two runs were compared
    "compare.note.reference": ("Reference", "Reference"),
    "compare.note.paired": (
        "Parret pr. seed (fælles tilfældige tal), {n} par",
        "Paired by seed (common random numbers), {n} pairs",
    ),
    "compare.note.welch": (
        "Uparret (Welch): kørslerne har forskellige seeds",
        "Unpaired (Welch): the runs have different seeds",
    ),
    "compare.note.few": (
        "for få replikationer til et interval",
        "too few replications for an interval",
    ),
    # why each default sensitivity range is what it is (sim.analysis.sweep)
    "sweep.note.demand_growth_per_year": (
        "±5 % om året oven i befolkningsprognosen (så meget kan andelen af borgere med "
        "hjælp flytte sig på et år; antagelse)",
        "±5 % a year on top of the population projection (how far take-up has moved in a "
        "year is of that order; assumption)",
    ),
    "sweep.note.absence_rate": (
        "0,06–0,12 omkring 0,09: offentliggjort sygefravær 6–8 % plus kurser (data/README)",
        "0.06–0.12 around 0.09: published sickness absence 6–8 % plus courses (data/README)",
    ),
    "sweep.note.staff_multiplier": (
        "±10 % personale: rekruttering bagud eller foran planen",
        "±10 % staff: recruitment behind or ahead of plan",
    ),
    "sweep.note.speed_kmh": (
        "±20 % af transportformens hastighed (cykel 12–18 km/t; Københavns cykelregnskab "
        "siger 15–16 km/t)",
        "±20 % of the travel mode's speed (bicycle 12–18 km/h; Copenhagen's bicycle "
        "accounts give 15–16 km/h)",
    ),
    "sweep.note.detour_factor": (
        "±0,1: vejlængde over fugleflugt på 1,2–1,4 er typisk i en tæt by",
        "±0.1: street distance over straight line of 1.2–1.4 is typical for a dense grid",
    ),
    "sweep.note.parking_minutes": (
        "det halve til det dobbelte af tiden til at parkere og nå døren",
        "half to double the mode's time to park and reach",
    ),
    "sweep.note.dispatch_horizon_minutes": (
        "hvor tidligt en hjælper må tage af sted: ±50 % (planlægningsvane, ikke målt)",
        "how far ahead a carer may set out: ±50 % (a planning habit, not measured)",
    ),
    "sweep.note.continuity_slack_minutes": (
        "hvor meget senere en hjælper tager sin egen borger: det halve til det dobbelte "
        "(antagelse)",
        "how much later a carer takes its own citizen: half to double (assumption)",
    ),
    "sweep.note.regular_carers": (
        "kontaktgruppe på 2–4 omkring 3 (data/README)",
        "contact group of 2–4 around 3 (data/README)",
    ),
    "sweep.note.productivity_loss": (
        "ekstra besøgstid efter en flytning: det halve til det dobbelte (intet offentliggjort tal)",
        "extra visit time after a move: half to double (no published figure)",
    ),
    "sweep.note.productivity_loss_days": (
        "en til fire uger omkring to",
        "one to four weeks around two",
    ),
    "sweep.note.window_half_width_minutes": (
        "tidsvinduet ±15–45 min omkring ±30: en definition af nøgletallet snarere end en "
        "usikkerhed, vist så dens vægt kan sammenlignes",
        "the on-time window ±15–45 min around ±30: a definition of the KPI rather than an "
        "uncertainty, shown so its weight can be compared with the others",
    ),
    "sweep.note.overtime_tolerance_minutes": (
        "hvor længe efter vagten et besøg må begynde: ±50 % (praksis varierer)",
        "how long past the shift a visit may start: ±50 % (local practice varies)",
    ),
    "sweep.note.max_delay_minutes": (
        "hvor sent et besøg stadig må gennemføres: ±50 % (praksis varierer)",
        "how late a visit may still be made: ±50 % (local practice varies)",
    ),
    "sweep.note.meeting_minutes_day": (
        "±5 min møde ved dagvagtens start",
        "±5 min of meeting at the start of the day shift",
    ),
    "sweep.note.meeting_minutes_evening": (
        "±5 min møde, aftenvagt",
        "±5 min of meeting, evening shift",
    ),
    "sweep.note.meeting_minutes_night": (
        "±5 min møde, nattevagt",
        "±5 min of meeting, night shift",
    ),
    "sweep.note.documentation_minutes": (
        "±5 min dokumentation pr. vagt",
        "±5 min of documentation per shift",
    ),
    "sweep.note.premises_capacity_multiplier": (
        "±20 % af lokalernes kapacitet (brand- og arbejdsmiljøregler, møblering)",
        "±20 % of the premises' capacity (fire and working-environment rules, furniture)",
    ),
    "sweep.note.turnover_per_year": (
        "±5 procentpoint: 11–29 % om året fra kommune til kommune (CEPOS; data/README)",
        "±5 percentage points: 11–29 % a year by municipality (CEPOS; data/README)",
    ),
    "sweep.note.months_to_fill_vacancy": (
        "1,5–6 måneder omkring 3 (STAR: halvdelen af SOSU-rekrutteringer mislykkes; data/README)",
        "1.5–6 months around 3 (STAR: half of SOSU recruitments fail; data/README)",
    ),
    "sweep.note.extra_turnover_around_moves": (
        "hvad-nu-hvis: op til 10 procentpoint flere fratrædelser omkring en flytning",
        "what-if lever: up to 10 percentage points more leavers around a move",
    ),
    # sensitivity analysis messages
    "sweep.fixed": (
        "felt '{path}': kan ikke varieres i en følsomhedsanalyse ({why})",
        "field '{path}': cannot be varied in a sensitivity analysis ({why})",
    ),
    "sweep.why_seed": (
        "alle punkter bruger de samme seeds",
        "every point uses the same seeds",
    ),
    "sweep.why_replications": (
        "antallet af replikationer gælder hele analysen",
        "the number of replications applies to the whole analysis",
    ),
    "sweep.why_data_dir": (
        "alle punkter bruger samme data",
        "every point uses the same data",
    ),
    "sweep.path": (
        "felt '{path}': findes ikke i scenariet",
        "field '{path}': does not exist in the scenario",
    ),
    "sweep.spec": (
        "{text}: skriv STI=VÆRDI,VÆRDI, fx parameters.absence_rate=0.06,0.12",
        "{text}: write PATH=VALUE,VALUE, e.g. parameters.absence_rate=0.06,0.12",
    ),
    "sweep.two": (
        "{text}: giv to værdier, lav og høj, adskilt af komma (decimaler med punktum), fx "
        "{path}=0.06,0.12",
        "{text}: give two values, low and high, separated by a comma (decimal point), e.g. "
        "{path}=0.06,0.12",
    ),
    "sweep.some": (
        "{text}: giv mindst én værdi (decimaler med punktum)",
        "{text}: give at least one value (decimal point)",
    ),
    "sweep.no_default": (
        "{text}: ingen standardværdier for lav og høj; skriv {path}=LAV,HØJ",
        "{text}: no default low and high; write {path}=LOW,HIGH",
    ),
    "sweep.twice": (
        "felt '{path}': står flere gange",
        "field '{path}': given more than once",
    ),
    "sweep.comma": (
        "{text}: brug punktum som decimaltegn ({a}, ikke {b})",
        "{text}: use a decimal point ({a}, not {b})",
    ),
    "sweep.kpi": (
        "ukendt KPI '{kpi}'; vælg en af: {choices}",
        "unknown KPI '{kpi}'; choose one of: {choices}",
    ),
    "sweep.none": (
        "ingen parametre at variere",
        "no parameters to vary",
    ),
    # the tornado table as text (the command line)
    "tornado.points": ("i pct.-point", "in percentage points"),
    "tornado.base": ("basis {base}", "base {base}"),
    "tornado.effect": (
        "(effekt mod basis{points}, parret pr. replikation)",
        "(effect vs base{points}, paired per replication)",
    ),
    "tornado.values": ("lav → høj", "low → high"),
    "tornado.low": ("effekt ved lav", "effect at low"),
    "tornado.high": ("effekt ved høj", "effect at high"),
    "tornado.swing": ("udsving", "swing"),
}
