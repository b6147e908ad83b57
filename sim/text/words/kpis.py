"""The KPIs' names and explanations (``sim.analysis.kpis``): ``kpi.<key>`` and
``kpi.<key>.help``."""

WORDS: dict[str, tuple[str, str]] = {
    "kpi.planned_visits": ("Planlagte besøg", "Planned visits"),
    "kpi.planned_visits.help": (
        "Besøg borgerne er visiteret til i perioden.",
        "Visits the citizens are assessed for in the period.",
    ),
    "kpi.delivered_visits": ("Leverede besøg", "Delivered visits"),
    "kpi.delivered_visits.help": (
        "Besøg leveret af egne medarbejdere.",
        "Visits delivered by the organisation's own staff.",
    ),
    "kpi.on_time_share": ("Besøg til tiden", "Visits on time"),
    "kpi.on_time_share.help": (
        "Andel af planlagte besøg, der blev påbegyndt inden for tidsvinduet.",
        "Share of planned visits that began within their time window.",
    ),
    "kpi.late_visits": ("Forsinkede besøg", "Late visits"),
    "kpi.late_visits.help": (
        "Leverede besøg, der begyndte efter tidsvinduet.",
        "Delivered visits that began after their time window.",
    ),
    "kpi.mean_lateness_min": ("Gns. forsinkelse (min)", "Mean lateness (min)"),
    "kpi.mean_lateness_min.help": (
        "Gennemsnitlig forsinkelse for forsinkede besøg.",
        "Mean delay of the late visits.",
    ),
    "kpi.missed_visits": ("Aflyste besøg", "Missed visits"),
    "kpi.missed_visits.help": (
        "Besøg, der ikke kunne nås inden vagtens slut plus overarbejdsgrænsen.",
        "Visits that could not be reached before the end of the shift plus the overtime limit.",
    ),
    "kpi.agency_visits": ("Besøg ved vikarbureau", "Agency visits"),
    "kpi.agency_visits.help": (
        "Besøg, egne medarbejdere ikke nåede, overdraget til vikarer.",
        "Visits the own staff did not reach, handed over to agency staff.",
    ),
    "kpi.continuity_share": ("Kontinuitet", "Continuity"),
    "kpi.continuity_share.help": (
        "Andel af leverede besøg udført af borgerens faste medarbejder.",
        "Share of delivered visits made by the citizen's regular carer.",
    ),
    "kpi.unplanned_visits": ("Uplanlagte besøg", "Unplanned visits"),
    "kpi.unplanned_visits.help": (
        "Akutte besøg, fx nødkald.",
        "Urgent visits, e.g. alarm calls.",
    ),
    "kpi.partner_missing_visits": ("Tomandsbesøg uden makker", "Two-carer visits, partner missing"),
    "kpi.partner_missing_visits.help": (
        "Tomandsbesøg (fx forflytninger), der ikke blev til noget, fordi den anden medarbejder "
        "ikke nåede frem, mens den første ventede.",
        "Two-carer visits (e.g. transfers) not made because the second carer did not come "
        "while the first waited.",
    ),
    "kpi.unanswered_calls": ("Ubesvarede alarmkald", "Unanswered alarm calls"),
    "kpi.unanswered_calls.help": (
        "Alarmkald, som ingen medarbejder nåede frem til inden døgnets slutning kl. 7.",
        "Alarm calls no carer reached before the care day ended at 07:00.",
    ),
    "kpi.escalated_calls": ("Alarmkald besvaret af et andet område", "Escalated alarm calls"),
    "kpi.escalated_calls.help": (
        "Alarmkald, som ingen i eget område tog i tide, og som en medarbejder fra et andet "
        "område (eller en planlagt medarbejder, hvis scenariet siger det) besvarede.",
        "Alarm calls nobody in their own pool took in time, answered by a carer of another "
        "pool (or a planned-visit carer, if the scenario says so).",
    ),
    "kpi.response_mean_min": ("Responstid, gns. (min)", "Response time, mean (min)"),
    "kpi.response_mean_min.help": (
        "Fra opkald til medarbejderen er hos borgeren.",
        "From the call until the carer is with the citizen.",
    ),
    "kpi.response_p90_min": ("Responstid, 90 %-fraktil (min)", "Response time, 90th pct. (min)"),
    "kpi.response_p90_min.help": (
        "9 ud af 10 nødkald nås inden for denne tid.",
        "9 out of 10 alarm calls are reached within this time.",
    ),
    "kpi.travel_min_per_visit": ("Transport pr. besøg (min)", "Travel per visit (min)"),
    "kpi.travel_min_per_visit.help": (
        "Transporttid pr. planlagt besøg.",
        "Travel time per planned visit.",
    ),
    "kpi.travel_share": ("Transportandel af arbejdstid", "Travel share of paid time"),
    "kpi.travel_share.help": (
        "Andel af den betalte tid brugt på transport.",
        "Share of paid time spent travelling.",
    ),
    "kpi.citizen_time_share": ("Tid hos borgeren", "Time with citizens"),
    "kpi.citizen_time_share.help": (
        "Andel af den betalte tid brugt hos borgerne.",
        "Share of paid time spent with the citizens.",
    ),
    "kpi.utilisation": ("Udnyttelse", "Staff utilisation"),
    "kpi.utilisation.help": (
        "Andel af den betalte tid med besøg eller transport.",
        "Share of paid time with visits or travel.",
    ),
    "kpi.on_call_utilisation": ("Udnyttelse, akutvagter", "On-call utilisation"),
    "kpi.on_call_utilisation.help": (
        "Andel af akutvagternes betalte tid hos borgere.",
        "Share of the on-call shifts' paid time spent with citizens.",
    ),
    "kpi.overtime_hours": ("Overarbejde (timer)", "Overtime (hours)"),
    "kpi.overtime_hours.help": (
        "Timer ud over vagtens slut.",
        "Hours beyond the end of the shift.",
    ),
    "kpi.km_travelled": ("Kørte km", "Km travelled"),
    "kpi.km_travelled.help": (
        "Kilometer mellem lokation og borgere.",
        "Kilometres between premises and citizens.",
    ),
    "kpi.premises_peak_ratio": ("Spidsbelægning / kapacitet", "Peak occupancy / capacity"),
    "kpi.premises_peak_ratio.help": (
        "Største antal personer på én lokation på én gang, delt med kapaciteten.",
        "The most people at one premises at one time, divided by its capacity.",
    ),
    "kpi.premises_days_over_capacity": (
        "Lokationsdage over kapacitet",
        "Premises-days over capacity",
    ),
    "kpi.premises_days_over_capacity.help": (
        "Antal dage (summeret over lokationer), hvor flere skulle være på en lokation, end den "
        "kan rumme.",
        "Days (summed over premises) on which more people had to be at a premises than it holds.",
    ),
    "kpi.capacity_wait_hours": (
        "Ventetid ved fuld lokation (timer)",
        "Waiting at full premises (h)",
    ),
    "kpi.capacity_wait_hours.help": (
        "Medarbejdertimer brugt på at vente på plads i lokationen.",
        "Staff hours spent waiting for room at the premises.",
    ),
    "kpi.agency_shifts": ("Vikarvagter i ubesatte stillinger", "Agency shifts in vacant positions"),
    "kpi.agency_shifts.help": (
        "Vagter, som vikarer dækkede, fordi stillingen var ubesat.",
        "Shifts covered by agency staff because the position was vacant.",
    ),
    "kpi.vacancy_share": ("Ubesatte stillinger", "Vacant positions"),
    "kpi.vacancy_share.help": (
        "Andel af stillingerne, der stod ubesat (gennemsnit over dagene).",
        "Share of the positions that stood vacant (mean over the days).",
    ),
    "kpi.leavers": ("Fratrædelser", "Leavers"),
    "kpi.leavers.help": (
        "Medarbejdere, der forlod deres stilling i perioden.",
        "Staff who left their position in the period.",
    ),
    "kpi.hires": ("Nyansættelser", "Hires"),
    "kpi.hires.help": (
        "Ubesatte stillinger, der blev besat i perioden.",
        "Vacant positions filled in the period.",
    ),
    "kpi.cost_total": ("Udgifter i alt (kr.)", "Total cost (DKK)"),
    "kpi.cost_total.help": (
        "Løn, tillæg, overarbejde, vikarer, rekruttering, husleje, drift, transport, indretning "
        "og flytning.",
        "Salaries, supplements, overtime, agency staff, recruitment, rent, running costs, "
        "transport, fit-out and moving.",
    ),
    "kpi.cost_salaries": ("Løn (kr.)", "Salaries (DKK)"),
    "kpi.cost_salaries.help": (
        "Løn inkl. pension til fastansatte, forholdsmæssigt pr. dag og årsværk.",
        "Salaries incl. pension of permanent staff, pro rata per day and full-time equivalent.",
    ),
    "kpi.cost_supplements": ("Løntillæg aften/nat/weekend (kr.)", "Shift supplements (DKK)"),
    "kpi.cost_supplements.help": (
        "Tillæg for aften-, nat- og weekendvagter.",
        "Supplements for evening, night and weekend shifts.",
    ),
    "kpi.cost_overtime": ("Overarbejde (kr.)", "Overtime (DKK)"),
    "kpi.cost_overtime.help": (
        "Simulerede overarbejdstimer × timeløn × overarbejdstillæg.",
        "Simulated overtime hours × hourly wage × overtime supplement.",
    ),
    "kpi.cost_agency": ("Vikar (kr.)", "Agency staff (DKK)"),
    "kpi.cost_agency.help": (
        "Vikarer for ubesatte stillinger og for besøg, egne medarbejdere ikke nåede.",
        "Agency staff for vacant positions and for visits the own staff did not reach.",
    ),
    "kpi.cost_recruitment": ("Rekruttering (kr.)", "Recruitment (DKK)"),
    "kpi.cost_recruitment.help": (
        "Nyansættelser × udgift pr. ansættelse.",
        "Hires × cost per hire.",
    ),
    "kpi.cost_rent": ("Husleje (kr.)", "Rent (DKK)"),
    "kpi.cost_rent.help": (
        "Husleje for de dage, en lokation er lejet (også når den står tom).",
        "Rent for the days a premises is leased (also when it stands empty).",
    ),
    "kpi.cost_rent_unused": ("Husleje for tomme lokaler (kr.)", "Rent of unused premises (DKK)"),
    "kpi.cost_rent_unused.help": (
        "Den del af huslejen, der betales for lokaler uden enheder, fx dobbelt husleje.",
        "The part of the rent paid for premises without teams, e.g. double rent.",
    ),
    "kpi.cost_running": ("Drift af lokaler (kr.)", "Running costs of premises (DKK)"),
    "kpi.cost_running.help": (
        "Varme, el, vand, rengøring og vedligehold pr. m² for de dage, lokationen er lejet.",
        "Heating, power, water, cleaning and maintenance per m² for the days the premises is "
        "leased.",
    ),
    "kpi.cost_fitout": ("Indretning (kr.)", "Fit-out (DKK)"),
    "kpi.cost_fitout.help": (
        "Engangsudgift, når en ny lokation tages i brug.",
        "One-off cost when a new premises is taken into use.",
    ),
    "kpi.cost_moving": ("Flytning (kr.)", "Moving (DKK)"),
    "kpi.cost_moving.help": (
        "Engangsudgift pr. medarbejder, der flytter lokation.",
        "One-off cost per staff member who moves premises.",
    ),
    "kpi.cost_transport": ("Transport (kr.)", "Transport (DKK)"),
    "kpi.cost_transport.help": (
        "Simulerede km × takst for transportformen.",
        "Simulated km × rate of the mode of transport.",
    ),
    "kpi.cost_service_gap": ("Serviceefterslæb (kr.)", "Service gap (DKK)"),
    "kpi.cost_service_gap.help": (
        "Aflyste besøg prissat, som om et vikarbureau havde dækket dem. Ingen udbetaling, men "
        "en pris på den service, der ikke blev leveret; tæller med i budgettesten.",
        "Missed visits priced as if agency staff had covered them. Not a payment, but a "
        "price on the service not delivered; counted in the budget test.",
    ),
}
