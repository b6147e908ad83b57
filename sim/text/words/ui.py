"""The interface's words: pages, widgets, messages of the app (``ui/``)."""

WORDS: dict[str, tuple[str, str]] = {
    # navigation
    "page.overview": ("Overblik", "Overview"),
    "page.scenario": ("Scenarie", "Scenario"),
    "page.results": ("Kør / Resultater", "Run / Results"),
    "page.map": ("Kort", "Map"),
    "page.method": ("Metode", "Method"),
    "language": ("Sprog", "Language"),
    "illustrative": (
        "Illustrative data: tallene i standarddata er illustrative og skal erstattes med egne.",
        "Illustrative data: the default figures are illustrative; replace them with your own.",
    ),
    # overview
    "overview.title": ("Sammenlægning af hjemme- og sygepleje", "Merging home care and nursing"),
    "overview.intro": (
        "Fra 1. juni 2026 overtager Sundheds- og Omsorgsforvaltningen (SUF) hjemme- og "
        "sygeplejen for knap 5.000 borgere og ca. 600 medarbejdere fra Socialforvaltningen "
        "(SOF). Indtil den fysiske sammenflytning i maj 2027 sidder enhederne i midlertidige "
        "samlokaliseringer. Målet er én lokation pr. geografisk område – uden at det koster mere.",
        "From 1 June 2026 the Health and Care Administration (SUF) takes over home care and "
        "nursing for about 5,000 citizens and about 600 staff from the Social Administration "
        "(SOF). Until the physical merge in May 2027 the teams sit in temporary co-locations. "
        "The goal is one location per geographic area – at no extra cost.",
    ),
    "overview.citizens": ("Borgere der flytter", "Citizens moving"),
    "overview.staff": ("Medarbejdere der flytter", "Staff moving"),
    "overview.budget": ("Budget flyttet (helår 2026)", "Budget moved (full year 2026)"),
    "overview.citizens_help": (
        "Implementeringsplanen: knap 5.000 borgere",
        "The implementation plan: almost 5,000 citizens",
    ),
    "overview.staff_help": (
        "Implementeringsplanen: ca. 600 ledere og medarbejdere",
        "The implementation plan: about 600 leaders and staff",
    ),
    "overview.budget_help": (
        "Implementeringsplanen, tabel 2: 721.432 t.kr. (2026-priser) for et helt år",
        "The implementation plan, table 2: DKK 721,432 thousand (2026 prices) for a full year",
    ),
    "overview.budget_note": (
        "Det flyttede budget er et helt år og dækker mere end modellen regner på: også "
        "visitation, hjælpemidler og rehabiliteringspladser. Modellens udgifter er kun "
        "hjemmepleje og hjemmesygepleje, og for 2026 kun juni–december; budgetdommen "
        "sammenligner derfor altid med Basis, ikke med dette tal.",
        "The moved budget is a full year and covers more than the model computes: also "
        "visitation, aids and rehabilitation places. The model's costs are home care and "
        "home nursing only, and for 2026 only June–December; so the budget verdict always "
        "compares with Basis, not with this figure.",
    ),
    "overview.timeline": ("Tidslinje", "Timeline"),
    "overview.baseline": ("Basisscenariet", "The baseline scenario"),
    "overview.baseline_running": ("Basisscenariet beregnes …", "Computing the baseline …"),
    "overview.open_results": ("Se alle resultater", "See all results"),
    "overview.flyt2_assumed": (
        'Flyt 2\'s dato er ikke fastsat i planen ("foråret 2027"); 1. marts 2027 er en '
        "antagelse, som kan ændres under Scenarie.",
        'The plan sets no date for Move 2 ("spring 2027"); 1 March 2027 is an assumption '
        "you can change under Scenario.",
    ),
    "milestone.flyt1": ("Flyt 1", "Move 1"),
    "milestone.flyt2": ("Flyt 2 (integration)", "Move 2 (integration)"),
    "milestone.physical_merge": ("Fysisk sammenflytning", "Physical merge"),
    "milestone.start": ("Start", "Start"),
    "milestone.end": ("Slut", "End"),
    # scenario
    "scenario.title": ("Byg et scenarie", "Build a scenario"),
    "scenario.pick": ("Tag udgangspunkt i", "Start from"),
    "scenario.name": ("Navn", "Name"),
    "scenario.description": ("Beskrivelse", "Description"),
    "scenario.parameters": ("Antagelser", "Assumptions"),
    "scenario.calendar": ("Datoer", "Dates"),
    "scenario.run_settings": ("Kørsel", "Run"),
    "scenario.placements": (
        "Placeringer: hvilken enhed sidder hvor, hvornår",
        "Placements: which team sits where, when",
    ),
    "scenario.placements_help": (
        "Tilføj en række pr. flytning. En enhed uden placering på en dag sidder i sin "
        "nuværende lokation.",
        "Add a row per move. A team without a placement on a day sits in its current premises.",
    ),
    "scenario.valid": ("Scenariet er gyldigt og klar til kørsel.", "The scenario is valid."),
    "scenario.invalid": (
        "Ret følgende, før scenariet kan køres:",
        "Fix the following before the scenario can run:",
    ),
    "scenario.reset": ("Nulstil til udgangspunktet", "Reset to the starting point"),
    "scenario.move": ("Flyt en enhed", "Move a team"),
    "scenario.add": ("Tilføj placering", "Add placement"),
    "scenario.places": ("pladser", "places"),
    "scenario.option": ("forslag", "option"),
    "scenario.saved_label": (
        "{name} (gemt, version {version})",
        "{name} (saved, version {version})",
    ),
    "scenario.share": ("Gem og del", "Save and share"),
    "scenario.save": ("Gem scenarie", "Save scenario"),
    "scenario.saved": (
        "Gemt som '{name}', version {version}.",
        "Saved as '{name}', version {version}.",
    ),
    "scenario.replace": (
        "Erstat (den tidligere version bevares)",
        "Replace (the earlier version is kept)",
    ),
    "scenario.save_invalid": (
        "Ret scenariet, før det kan gemmes eller hentes som fil.",
        "Fix the scenario before it can be saved or downloaded.",
    ),
    "scenario.download": ("Hent scenariefil (YAML)", "Download scenario file (YAML)"),
    "scenario.upload": ("Indlæs en scenariefil (YAML)", "Load a scenario file (YAML)"),
    "scenario.uploaded": (
        "Scenariet '{name}' er indlæst fra {file}.",
        "The scenario '{name}' was loaded from {file}.",
    ),
    "scenario.upload_invalid": (
        "Scenariefilen blev ikke indlæst (dit scenarie er uændret):",
        "The scenario file was not loaded (your scenario is unchanged):",
    ),
    "scenario.gantt": ("Placeringer over tid", "Placements over time"),
    "scenario.go_run": ("Gå til kørsel", "Go to run"),
    "col.team": ("Enhed", "Team"),
    "col.premises": ("Lokation", "Premises"),
    "col.start": ("Fra", "From"),
    "col.end": ("Til", "To"),
    # parameters
    "param.absence_rate": ("Fravær (andel af vagter)", "Absence (share of shifts)"),
    "param.staff_multiplier": ("Bemanding i forhold til vagtplan", "Staffing vs. roster"),
    "param.demand_growth_per_year": ("Ekstra vækst i behov pr. år", "Extra demand growth a year"),
    "param.travel_mode": ("Transportform", "Travel mode"),
    "param.detour_factor": (
        "Vejlængde i forhold til fugleflugt",
        "Road distance vs. straight line",
    ),
    "param.overtime_tolerance_minutes": ("Overarbejdsgrænse (min)", "Overtime tolerance (min)"),
    "param.unfit_visits": ("Besøg der ikke kan nås", "Visits that do not fit"),
    "param.productivity_loss": (
        "Produktivitetstab efter flytning",
        "Productivity loss after a move",
    ),
    "param.productivity_loss_days": ("… i antal dage", "… for days"),
    "param.call_escalation_minutes": (
        "Alarmkald går videre til nabodistriktet efter (min)",
        "Alarm call escalates to a neighbouring pool after (min)",
    ),
    "param.escalate_calls_to_planned_visits": (
        "… og derefter til en planlagt medarbejder i området",
        "… and then to a planned-visit carer of the area",
    ),
    "param.two_carer_wait_minutes": (
        "Tomandsbesøg: den første venter højst (min)",
        "Two-carer visit: the first carer waits at most (min)",
    ),
    "param.crowded_meeting": (
        "Fuld lokation: mødet venter på hele enheden (wait) eller man springer over (skip)",
        "Crowded premises: the meeting waits for the team (wait) or carers skip it (skip)",
    ),
    "param.meeting_door_wait_minutes": (
        "… venter ved døren højst (min)",
        "… wait at the door at most (min)",
    ),
    "param.pool_from_flyt2": (
        "Enheder deler borgere fra Flyt 2",
        "Teams pool citizens from Flyt 2",
    ),
    "param.premises_capacity_multiplier": ("Lokationernes kapacitet", "Premises capacity"),
    "param.speed_kmh": ("Hastighed (km/t)", "Speed (km/h)"),
    "param.parking_minutes": ("Parkering pr. tur (min)", "Parking per trip (min)"),
    "param.window_half_width_minutes": (
        "Til tiden: start inden for ± min",
        "On time: start within ± min",
    ),
    "param.dispatch_horizon_minutes": (
        "Tager af sted op til (min før vinduet)",
        "Sets out up to (min before the window)",
    ),
    "param.continuity_slack_minutes": (
        "Egen borger først, hvis højst så meget senere (min)",
        "Own citizen first if at most this much later (min)",
    ),
    "param.regular_carers": ("Faste hjælpere pr. borger", "Regular carers per citizen"),
    "param.max_delay_minutes": ("Største forsinkelse (min)", "Largest delay (min)"),
    "param.meeting_minutes_day": ("Morgenmøde, dagvagt (min)", "Meeting, day shift (min)"),
    "param.meeting_minutes_evening": ("Møde, aftenvagt (min)", "Meeting, evening shift (min)"),
    "param.meeting_minutes_night": ("Møde, nattevagt (min)", "Meeting, night shift (min)"),
    "param.documentation_minutes": ("Dokumentation ved vagtslut (min)", "Documentation (min)"),
    "param.unplanned_warmup_minutes": ("Opvarmning af alarmkø (min)", "Alarm queue warm-up (min)"),
    "param.turnover_per_year": ("Personaleomsætning pr. år", "Staff turnover a year"),
    "param.months_to_fill_vacancy": (
        "Måneder før en stilling er besat igen",
        "Months to fill a vacancy",
    ),
    "param.extra_turnover_around_moves": (
        "Ekstra omsætning omkring flytninger",
        "Extra turnover around moves",
    ),
    "param.fidelity": ("Detaljeringsgrad", "Fidelity"),
    "param.replications": ("Replikationer", "Replications"),
    "param.seed": ("Startværdi (seed)", "Seed"),
    "param.flyt2": ("Flyt 2", "Move 2"),
    "param.physical_merge": ("Fysisk sammenflytning", "Physical merge"),
    "help.absence_rate": (
        "Andel af de planlagte vagter, hvor medarbejderen er fraværende (sygdom, kurser). "
        "Vagten dækkes ikke. Standard 9 %.",
        "Share of rostered shifts lost to absence (sickness, courses); not covered. Default 9%.",
    ),
    "help.staff_multiplier": (
        "Antal medarbejdere på vagt i forhold til vagtplanerne. 90 % betyder hver tiende "
        "vagt mindre.",
        "Staff on duty relative to the rosters; 90% means one in ten fewer.",
    ),
    "help.demand_growth_per_year": (
        "Ekstra vækst i antallet af besøg pr. år ud over befolkningsfremskrivningen.",
        "Extra growth in visits a year on top of the population projection.",
    ),
    "help.productivity_loss": (
        "Besøgene tager så meget længere i dagene efter, at en enhed er flyttet.",
        "How much longer visits take in the days after a team has moved.",
    ),
    "help.productivity_loss_days": (
        "Hvor mange dage produktivitetstabet varer.",
        "How many days the productivity loss lasts.",
    ),
    "help.travel_mode": (
        "Hvordan medarbejderne kommer rundt. Cykel: 15 km/t, bil: 20 km/t inkl. parkering.",
        "How staff get around. Bike 15 km/h, car 20 km/h.",
    ),
    "help.detour_factor": (
        "Hvor meget længere vejen er end afstanden i fugleflugt. 130 % er typisk i en tæt by.",
        "Road distance over straight-line distance.",
    ),
    "help.overtime_tolerance_minutes": (
        "Hvor længe efter vagtens slut et besøg må begynde. Ellers aflyses det (eller går til "
        "vikar).",
        "How long after the shift ends a visit may still start.",
    ),
    "help.premises_capacity_multiplier": (
        "Skalerer alle lokationers kapacitet (personer ad gangen).",
        "Scales every premises' capacity (people at once).",
    ),
    "help.unfit_visits": (
        "Hvad der sker med besøg, som egne medarbejdere ikke når.",
        "What happens to visits own staff cannot reach.",
    ),
    "help.pool_from_flyt2": (
        "Fra Flyt 2 deler SOF- og SUF-enheder i samme område borgerne. Slå fra for at se effekten.",
        "From Move 2 SOF and SUF teams in an area share citizens.",
    ),
    "fidelity.sampled": ("Udvalgte dage (hurtig)", "Sampled days (fast)"),
    "fidelity.every-day": ("Alle dage (langsom)", "Every day (slow)"),
    "unfit.missed": ("Aflyses", "Missed"),
    "unfit.agency": ("Vikarbureau", "Agency staff"),
    "mode.walk": ("Gang", "Walking"),
    "mode.bike": ("Cykel", "Bicycle"),
    "mode.ebike": ("Elcykel", "E-bike"),
    "mode.car": ("Bil", "Car"),
    "mode.none": ("Ingen transporttid", "No travel time"),
    # results
    "results.title": ("Kør scenariet", "Run the scenario"),
    "results.run": ("Kør", "Run"),
    "results.running": (
        "Kører … replikation {done} af {total}",
        "Running … replication {done} of {total}",
    ),
    "results.stored": (
        "Gemt som kørsel #{id} – sammenlign den med andre",
        "Saved as run #{id} – compare it with others",
    ),
    "results.done": (
        "Færdig: {total} replikationer på {seconds} s.",
        "Done: {total} replications in {seconds} s.",
    ),
    "results.reproduced": (
        "Kørt igen fra bunden: identisk med den gemte kørsel #{id}.",
        "Run again from scratch: identical to the saved run #{id}.",
    ),
    "results.not_reproduced": (
        "Kørt igen fra bunden: afviger fra den gemte kørsel #{id} i {what}. {why}",
        "Run again from scratch: differs from the saved run #{id} in {what}. {why}",
    ),
    "results.why_model": (
        "Den gemte kørsel er lavet af en anden model ({stored}; nu {now}).",
        "The saved run was made by another model ({stored}; now {now}).",
    ),
    "results.why_data": (
        "Den gemte kørsel brugte andre data end dem, der gælder nu.",
        "The saved run used other data than those in use now.",
    ),
    "results.why_unknown": (
        "Model og data er de samme, så tallene burde være ens: giv udviklerne besked.",
        "Model and data are the same, so the figures should be equal: tell the developers.",
    ),
    "results.cached": (
        "Samme scenarie og seed er kørt før – resultatet er hentet.",
        "Same scenario and seed ran before – the result is reused.",
    ),
    "results.none": ("Scenariet er ikke kørt endnu. Tryk Kør.", "Not run yet. Press Run."),
    "results.invalid": (
        "Scenariet er ugyldigt – ret det under Scenarie.",
        "The scenario is invalid – fix it under Scenario.",
    ),
    "results.failed": ("Kørslen fejlede: {error}", "The run failed: {error}"),
    "results.queued": (
        "Nr. {position} i køen – kørslen starter, når de før den er færdige.",
        "No. {position} in the queue – the run starts when those before it are done.",
    ),
    "results.starting": ("Kørslen starter …", "The run is starting …"),
    "results.not_saved": (
        "Kørslen er ikke gemt: {reason} Resultatet vises her, men kan ikke sammenlignes senere.",
        "The run is not saved: {reason} The result is shown here but cannot be compared later.",
    ),
    "results.not_saved_reason": (
        "databasen kunne ikke skrive den.",
        "the database could not write it.",
    ),
    "runs.too_many_runs": (
        "Du har allerede {limit} kørsler i gang eller i kø. Vent, til en af dem er færdig.",
        "You already have {limit} runs going or queued. Wait until one of them is done.",
    ),
    "runs.too_many_sweeps": (
        "Du har allerede {limit} følsomhedsanalyse(r) i gang. Vent, til den er færdig.",
        "You already have {limit} sensitivity analysis(es) going. Wait until it is done.",
    ),
    "runs.too_many_replications": (
        "En kørsel kan højst have {limit} replikationer her. Vælg færre under Scenarie.",
        "A run can have at most {limit} replications here. Choose fewer under Scenario.",
    ),
    "runs.interrupted": ("afbrudt", "interrupted"),
    "runs.interrupted_help": (
        "Serveren stoppede, før kørslen var færdig. Kør den igen.",
        "The server stopped before the run was done. Run it again.",
    ),
    "runs.status.running": ("i gang", "running"),
    "runs.status.done": ("færdig", "done"),
    "runs.status.failed": ("fejlet", "failed"),
    "results.partial": (
        "Foreløbige tal – usikkerheden mindskes, efterhånden som flere "
        "replikationer bliver færdige.",
        "Preliminary – the uncertainty narrows as more replications finish.",
    ),
    "results.ci": ("95 %-KI {low} – {high}", "95% CI {low} – {high}"),
    "results.by_month": ("Pr. måned", "By month"),
    "results.by_area": ("Pr. bydel", "By district"),
    "results.premises": (
        "Belægning af lokationer (spidsbelægning ÷ kapacitet)",
        "Premises occupancy (peak ÷ capacity)",
    ),
    "results.kpi": ("Nøgletal", "Indicator"),
    "results.mean": ("Middel", "Mean"),
    "results.sampling_margin": (
        "Heraf fra udvalgte dage (±)",
        "Of which from sampled days (±)",
    ),
    "results.sampling_note": (
        "Kørt med udvalgte dage: kolonnen *Heraf fra udvalgte dage* er den del af "
        "konfidensintervallet, der kommer af, at kun nogle dage i hver måned er simuleret "
        "(skønnet for hovednøgletallene ud fra forskellen mellem dagene i samme måned). "
        "Spidsbelægningen tæller alle dage.",
        "Run on sampled days: the column *Of which from sampled days* is the part of the "
        "confidence interval that comes from simulating only some days of each month "
        "(estimated for the headline indicators from the differences between the days of a "
        "month). The peak occupancy counts every day.",
    ),
    "results.table": ("Alle nøgletal", "All indicators"),
    "results.download": ("Hent resultater (Excel)", "Download results (Excel)"),
    "results.costs": ("Økonomi og budget", "Costs and budget"),
    "results.cost_lines": (
        "Udgifter pr. budgetår (middel over replikationer)",
        "Cost per budget year (mean over replications)",
    ),
    "results.line": ("Post", "Line"),
    "results.verdict_wait": (
        "Basis køres på samme dage og med samme seeds til sammenligningen …",
        "Running Basis on the same days with the same seeds for the comparison …",
    ),
    "results.charts_partial": (
        "Tabellen og figurerne viser {done} af {total} replikationer; de tegnes igen, når "
        "kørslen er færdig.",
        "The table and the charts show {done} of {total} replications; they are drawn again "
        "when the run is done.",
    ),
    "results.no_verdict": (
        "Denne gemte kørsel har ingen budget- og servicevurdering mod Basis (den er fra før, "
        "vurderingen blev gemt med kørslen). Kør den igen for at få den.",
        "This saved run has no budget and service verdict against Basis (it is from before "
        "the verdict was saved with the run). Run it again to get one.",
    ),
    "results.is_basis": (
        "Dette er Basis: referencen, som andre scenarier får deres budget- og "
        "servicevurdering imod.",
        "This is Basis: the reference other scenarios get their budget and service "
        "verdict against.",
    ),
    "results.scenario": ("Scenarie", "Scenario"),
    "results.baseline": ("Basis", "Baseline"),
    # map
    "map.title": ("Kort over bydele og lokationer", "Map of districts and premises"),
    "map.kpi": ("Farv bydelene efter", "Colour districts by"),
    "map.date": ("Dato", "Date"),
    "map.no_results": (
        "Kør scenariet for at farve bydelene efter et nøgletal.",
        "Run the scenario to colour the districts by an indicator.",
    ),
    "map.legend_premises": (
        "Lokation (størrelse = medarbejdere placeret)",
        "Premises (size = staff placed)",
    ),
    # premises options (uploads)
    "page.premises": ("Lokaliteter", "Premises"),
    "premises.title": ("Forslag til lokaliteter", "Premises options"),
    "premises.intro": (
        "Hent skabelonen, udfyld den i Excel, og upload den her. Alle fejl vises på én gang "
        "med rækken og kolonnen, som du ser dem i Excel. De gyldige forslag gemmes som et "
        "forslagssæt, vises på kortet og kan bruges i scenariets placeringer.",
        "Download the template, fill it in in Excel and upload it here. Every problem is "
        "shown at once with the row and column as you see them in Excel. The valid options "
        "are saved as an option set, shown on the map and can be used in the scenario's "
        "placements.",
    ),
    "premises.template": ("1. Skabelon", "1. Template"),
    "premises.template_xlsx": ("Hent skabelon (Excel)", "Download template (Excel)"),
    "premises.template_csv": ("Hent skabelon (CSV)", "Download template (CSV)"),
    "premises.upload_header": ("2. Upload", "2. Upload"),
    "premises.upload": (
        "Fil med lokaliteter (CSV eller Excel, højst 10 MB)",
        "File of premises (CSV or Excel, at most 10 MB)",
    ),
    "premises.read": ("{valid} af {rows} rækker er gyldige.", "{valid} of {rows} rows are valid."),
    "premises.problems": (
        "Filen har {n} problem(er). Ret dem i Excel og upload filen igen – eller gem kun de "
        "gyldige rækker.",
        "The file has {n} problem(s). Fix them in Excel and upload the file again – or save "
        "only the valid rows.",
    ),
    "premises.refused": ("Filen blev ikke læst:", "The file was not read:"),
    "premises.nothing_valid": (
        "Ingen gyldige rækker – intet er gemt.",
        "No valid rows – nothing was saved.",
    ),
    "premises.rejected": ("Ugyldige rækker, som de står i filen", "Invalid rows as in the file"),
    "premises.valid_rows": ("Gyldige rækker", "Valid rows"),
    "premises.keep_valid": (
        "Gem kun de {valid} gyldige rækker (de ugyldige springes over)",
        "Save only the {valid} valid rows (the invalid ones are skipped)",
    ),
    "premises.set_name": ("Navn på forslagssættet", "Name of the option set"),
    "premises.save": ("Gem forslagssæt", "Save option set"),
    "premises.saved": (
        "Forslagssættet '{name}' er gemt med {n} lokaliteter.",
        "The option set '{name}' was saved with {n} premises.",
    ),
    "premises.store_failed": (
        "Forslagssættet kunne ikke gemmes (intet er ændret):",
        "The option set could not be saved (nothing was changed):",
    ),
    "premises.sets": ("3. Gemte forslagssæt", "3. Saved option sets"),
    "premises.no_sets": ("Ingen forslagssæt endnu.", "No option sets yet."),
    "premises.pick_set": ("Forslagssæt", "Option set"),
    "premises.use": ("Brug i scenariet", "Use in the scenario"),
    "premises.used": (
        "{n} lokaliteter fra '{name}' kan nu vælges i scenariets placeringer.",
        "{n} premises from '{name}' can now be chosen in the scenario's placements.",
    ),
    "premises.clash": (
        "Sprunget over, fordi id'et allerede bruges i scenariet: {ids}",
        "Skipped because the id is already used in the scenario: {ids}",
    ),
    "premises.in_scenario": ("Forslag i scenariet", "Options in the scenario"),
    "premises.remove_unused": (
        "Fjern forslag, som ingen placering bruger",
        "Remove options no placement uses",
    ),
    "premises.go_scenario": ("Gå til scenariet", "Go to the scenario"),
    "col.row": ("Række", "Row"),
    "col.column": ("Kolonne", "Column"),
    "col.problem": ("Problem", "Problem"),
    "col.name": ("Navn", "Name"),
    "col.file": ("Fil", "File"),
    "col.uploaded": ("Uploadet", "Uploaded"),
    "col.uploader": ("Af", "By"),
    "col.count": ("Lokaliteter", "Premises"),
    "map.options": ("Vis forslag fra", "Show options from"),
    "map.legend_options": (
        "Forslag til lokation (ruder), ikke i brug i scenariet",
        "Premises option (diamonds), not used in the scenario",
    ),
    # compare
    "page.compare": ("Sammenlign", "Compare"),
    "compare.title": ("Sammenlign scenarier", "Compare scenarios"),
    "compare.intro": (
        "Vælg to eller flere gemte kørsler. Hver kørsel sammenlignes med referencen: "
        "kørsler med de samme seeds (fælles tilfældige tal) sammenlignes replikation for "
        "replikation, så forskellen og dens 95 %-konfidensinterval er skarpere end hvert "
        "scenaries egne tal.",
        "Choose two or more saved runs. Each is compared with the reference: runs with the "
        "same seeds (common random numbers) are compared replication by replication, so "
        "the difference and its 95% confidence interval are sharper than each scenario's "
        "own figures.",
    ),
    "compare.too_few": (
        "Der er endnu ikke to færdige kørsler at sammenligne. Kør scenarier under "
        "'Kør / Resultater' – hver færdig kørsel gemmes og kan sammenlignes her.",
        "There are not yet two finished runs to compare. Run scenarios under "
        "'Run / Results' – every finished run is saved and can be compared here.",
    ),
    "compare.pick": ("Kørsler", "Runs"),
    "compare.pick_two": ("Vælg mindst to kørsler.", "Choose at least two runs."),
    "compare.reference": ("Reference (sammenlign med)", "Reference (compare with)"),
    "compare.run_label": (
        "{name} – kørsel #{id}, {when}, {n} replikationer, {fidelity}, seed {seed}",
        "{name} – run #{id}, {when}, {n} replications, {fidelity}, seed {seed}",
    ),
    "compare.rerun_hint": (
        "Kør scenariet igen for tal på de nuværende data og model.",
        "Run the scenario again for figures on the current data and model.",
    ),
    "compare.summary_kpi": ("Nøgletal i opsummeringen", "Indicator in the summary"),
    "compare.summary": ("Kort fortalt", "In short"),
    "compare.paired": (
        "Forskellene er parrede: kørslerne har de samme seeds (fælles tilfældige tal).",
        "The differences are paired: the runs share their seeds (common random numbers).",
    ),
    "compare.unpaired": (
        "Mindst én kørsel har andre seeds end referencen og kan ikke parres; dens "
        "forskelle har et uparret interval (Welch), som er bredere.",
        "At least one run has other seeds than the reference and cannot be paired; its "
        "differences have an unpaired interval (Welch), which is wider.",
    ),
    "compare.kpis": ("Nøgletal side om side", "Indicators side by side"),
    "compare.points": (" pct.-point", " pp"),
    "compare.horizons": (
        "Kørslerne dækker forskellige perioder: antal, timer og kroner er summer over hver "
        "sin periode og kan ikke sammenlignes direkte. Andele og gennemsnit kan.",
        "The runs cover different periods: counts, hours and kroner are sums over each "
        "period and cannot be compared directly. Shares and means can.",
    ),
    "compare.kpi": ("Nøgletal", "Indicator"),
    "compare.difference": ("{name} − reference", "{name} − reference"),
    "compare.table_help": (
        "Gennemsnit over replikationer med 95 %-konfidensinterval i parentes; forskellen "
        "fra referencen med sit 95 %-konfidensinterval.",
        "Mean over replications with its 95% confidence interval in brackets; the "
        "difference from the reference with its 95% confidence interval.",
    ),
    "compare.charts": ("Grafer", "Charts"),
    "compare.monthly_kpi": ("Nøgletal pr. måned", "Indicator by month"),
    "compare.maps": ("Kort pr. scenarie", "A map per scenario"),
    "compare.map_outside": (
        "Datoen ligger uden for kørslens periode; kortet viser {day}.",
        "The date is outside the run's period; the map shows {day}.",
    ),
    "compare.export": ("Til mødet", "For the meeting"),
    "compare.excel": ("Hent Excel-projektmappe", "Download Excel workbook"),
    "compare.html": (
        "Hent rapport (HTML, virker uden internet)",
        "Download report (HTML, offline)",
    ),
    "compare.reproduce": ("Kør igen", "Run again"),
    "compare.interrupted": (
        "{n} kørsel(er) er afbrudt.",
        "{n} run(s) were interrupted.",
    ),
    "compare.reproduce_help": (
        "En gemt kørsel kan gentages: samme scenarie, data, model og seeds giver de samme tal.",
        "A saved run can be repeated: the same scenario, data, model and seeds give the "
        "same figures.",
    ),
    "compare.run": ("Kørsel", "Run"),
    "compare.reproduce_button": ("Indlæs og kør igen", "Load and run again"),
    # sensitivity
    "page.sensitivity": ("Følsomhed", "Sensitivity"),
    "sensitivity.title": ("Hvilke antagelser betyder noget?", "Which assumptions matter?"),
    "sensitivity.intro": (
        "Skru på én antagelse ad gangen (lav og høj værdi) og se, hvor meget et nøgletal "
        "flytter sig – eller kør alle kombinationer af nogle få. Alle punkter bruger de "
        "samme seeds, så forskellene er parrede. Hvert punkt gemmes som en kørsel.",
        "Turn one assumption at a time (a low and a high value) and see how much an "
        "indicator moves – or run every combination of a few. Every point uses the same "
        "seeds, so the differences are paired. Each point is saved as a run.",
    ),
    "sensitivity.base": (
        "Udgangspunkt: scenariet '{name}' fra siden Scenarie.",
        "Starting point: the scenario '{name}' from the Scenario page.",
    ),
    "sensitivity.kind": ("Analyse", "Analysis"),
    "sensitivity.tornado": ("Én ad gangen (tornado)", "One at a time (tornado)"),
    "sensitivity.grid": ("Alle kombinationer (gitter)", "Every combination (grid)"),
    "sensitivity.kpi": ("Nøgletal", "Indicator"),
    "sensitivity.replications": ("Replikationer pr. punkt", "Replications per point"),
    "sensitivity.parameters": ("Antagelser der varieres", "Assumptions to vary"),
    "sensitivity.parameter": ("Antagelse", "Assumption"),
    "sensitivity.low": ("Lav", "Low"),
    "sensitivity.high": ("Høj", "High"),
    "sensitivity.note": ("Hvorfor dette spænd", "Why this range"),
    "sensitivity.size": (
        "{points} punkter, {runs} replikationer i alt.",
        "{points} points, {runs} replications in all.",
    ),
    "sensitivity.grid_limit": (
        "Vælg højst tre antagelser til gitteret (hver med lav, basis og høj: 27 punkter).",
        "Choose at most three assumptions for the grid (each low, base and high: 27 points).",
    ),
    "sensitivity.start": ("Start analysen", "Start the analysis"),
    "sensitivity.progress": (
        "{done} af {total} replikationer færdige",
        "{done} of {total} replications done",
    ),
    "sensitivity.cancel": ("Stop", "Stop"),
    "sensitivity.cancelled": (
        "Stoppet efter {done} af {total} replikationer; intet er gemt.",
        "Stopped after {done} of {total} replications; nothing was saved.",
    ),
    "sensitivity.done": ("Færdig: {points} punkter.", "Done: {points} points."),
    "sensitivity.tornado_help": (
        "Søjlerne viser ændringen i nøgletallet, når antagelsen sættes til sin lave eller "
        "høje værdi, mod basis; stregerne er 95 %-konfidensintervaller (parret pr. "
        "replikation). Øverst står den antagelse, der flytter mest.",
        "The bars show the change in the indicator when the assumption is set to its low or "
        "high value, against the base; the whiskers are 95% confidence intervals (paired "
        "per replication). The assumption that moves it most is at the top.",
    ),
    "sensitivity.effect_low": ("Effekt ved lav (95 %-KI)", "Effect at low (95% CI)"),
    "sensitivity.effect_high": ("Effekt ved høj (95 %-KI)", "Effect at high (95% CI)"),
    "sensitivity.stored": (
        "{n} punkter er gemt som kørsler.",
        "{n} points are saved as runs.",
    ),
    # uploads (every uploader)
    "upload.limit": (
        "Højst {mb} MB ({bytes} bytes) pr. fil · {types}",
        "At most {mb} MB ({bytes} bytes) per file · {types}",
    ),
    "upload.too_big": (
        "Filen '{file}' er for stor ({size} bytes); den må højst fylde {mb} MB ({bytes} "
        "bytes). {hint}",
        "The file '{file}' is too big ({size} bytes); it may be at most {mb} MB ({bytes} "
        "bytes). {hint}",
    ),
    "upload.too_big_table": (
        "Del den op, eller fjern tomme rækker og andre ark.",
        "Split it, or remove empty rows and other sheets.",
    ),
    "upload.too_big_yaml": (
        "En scenariefil fylder normalt få kilobytes. Tjek, at det er den rigtige fil.",
        "A scenario file is normally a few kilobytes. Check that it is the right file.",
    ),
    # method
    "method.title": ("Metode og antagelser", "Method and assumptions"),
    "method.run_sheet": ("Kørselsark (STRESS-DES)", "Run sheet (STRESS-DES)"),
    # login and roles (ui/auth.py)
    "auth.login_title": ("Kapacitetssimulatoren", "Kapacitetssimulatoren"),
    "auth.login_intro": (
        "Log ind med din arbejdskonto for at bruge simulatoren. Din rolle (læser, "
        "planlægger eller administrator) afgør, hvad du kan.",
        "Sign in with your work account to use the simulator. Your role (reader, planner "
        "or administrator) decides what you can do.",
    ),
    "auth.login": ("Log ind", "Sign in"),
    "auth.logout": ("Log ud", "Sign out"),
    "auth.signed_in": ("Logget ind som **{name}** ({role})", "Signed in as **{name}** ({role})"),
    "auth.local": (
        "Kun på denne computer, uden login: du er **{name}** (administrator).",
        "Only on this computer, without login: you are **{name}** (administrator).",
    ),
    "auth.misconfigured": (
        "Login er ikke sat rigtigt op: afsnittet [auth] i .streamlit/secrets.toml mangler "
        "{keys}. Se .streamlit/secrets.example.toml.",
        "Login is not set up correctly: the [auth] section of .streamlit/secrets.toml lacks "
        "{keys}. See .streamlit/secrets.example.toml.",
    ),
    "auth.network_refused": (
        "Uden login kan Kapacitetssimulatoren kun bruges på den computer, den kører på "
        "(127.0.0.1). Sæt login op i .streamlit/secrets.toml for at åbne den for netværket.",
        "Without login Kapacitetssimulatoren can only be used on the computer it runs on "
        "(127.0.0.1). Set up login in .streamlit/secrets.toml to open it to the network.",
    ),
    "auth.no_subject": (
        "Login gav ingen bruger-id (sub). Kontakt en administrator.",
        "The sign-in gave no user id (sub). Contact an administrator.",
    ),
    "auth.listen_missing": ("; mangler {keys}", "; missing {keys}"),
    "auth.listen_refused": (
        "Kapacitetssimulatoren: KAPACITET_LISTEN_ADDRESS={address} åbner appen for "
        "netværket, men login er ikke sat op (afsnittet [auth] i .streamlit/secrets.toml, se "
        ".streamlit/secrets.example.toml{missing}). Uden login kører appen kun på denne "
        "computer (127.0.0.1).",
        "Kapacitetssimulatoren: KAPACITET_LISTEN_ADDRESS={address} opens the app to the "
        "network, but login is not set up (the [auth] section of .streamlit/secrets.toml, see "
        ".streamlit/secrets.example.toml{missing}). Without login the app runs only on this "
        "computer (127.0.0.1).",
    ),
    "auth.reader_save": (
        "Du kan ændre antagelserne og hente scenariet som fil, men ikke gemme det i databasen.",
        "You can change the assumptions and download the scenario as a file, but not save "
        "it in the database.",
    ),
    "auth.reader_upload": (
        "Du kan hente skabelonen og bruge de gemte lokalitetssæt i dit scenarie, men ikke "
        "indlæse nye.",
        "You can download the template and use the saved option sets in your scenario, but "
        "not upload new ones.",
    ),
    "auth.reader_run": (
        "Du kan se og sammenligne gemte kørsler under Sammenlign og hente dem som Excel og "
        "rapport, men ikke starte nye.",
        "You can see and compare saved runs under Compare and download them as Excel and a "
        "report, but not start new ones.",
    ),
    "auth.reader_sweep": (
        "Du kan se de gemte punkter fra tidligere analyser under Sammenlign, men ikke starte "
        "en ny analyse.",
        "You can see the stored points of earlier analyses under Compare, but not start a new "
        "analysis.",
    ),
    # deleting saved work
    "delete.scenario": ("Slet det gemte scenarie", "Delete the saved scenario"),
    "delete.scenario_done": (
        "Scenariet '{name}' er slettet. En administrator kan gendanne det i 30 dage.",
        "The scenario '{name}' has been deleted. An administrator can restore it for 30 days.",
    ),
    "delete.option_set": ("Slet lokalitetssættet", "Delete the option set"),
    "delete.option_set_done": (
        "Lokalitetssættet '{name}' er slettet. En administrator kan gendanne det i 30 dage.",
        "The option set '{name}' has been deleted. An administrator can restore it for 30 days.",
    ),
    "delete.runs": ("Slet en gemt kørsel", "Delete a saved run"),
    "delete.run_pick": ("Kørsel", "Run"),
    "delete.run": ("Slet kørslen", "Delete the run"),
    "delete.run_done": (
        "Kørsel {id} er slettet. En administrator kan gendanne den i 30 dage.",
        "Run {id} has been deleted. An administrator can restore it for 30 days.",
    ),
    # administration (ui/pages/admin.py)
    "page.admin": ("Administration", "Administration"),
    "admin.title": ("Administration", "Administration"),
    "admin.users": ("Brugere og roller", "Users and roles"),
    "admin.no_users": (
        "Ingen har logget ind endnu.",
        "Nobody has signed in yet.",
    ),
    "admin.first_admin": (
        "Administratorer efter indstillingen admin_emails (KAPACITET_ADMIN_EMAILS): {emails}. "
        "Nye brugere får rollen læser.",
        "Administrators by the setting admin_emails (KAPACITET_ADMIN_EMAILS): {emails}. New "
        "users get the role reader.",
    ),
    "admin.user": ("Bruger", "User"),
    "admin.role": ("Rolle", "Role"),
    "admin.set_role": ("Giv rollen", "Give the role"),
    "admin.role_set": ("{name} har nu rollen {role}.", "{name} now has the role {role}."),
    "admin.audit": ("Revisionsspor", "Audit trail"),
    "admin.audit_filter": ("Vis handlinger af", "Show actions by"),
    "admin.everyone": ("alle", "everyone"),
    "admin.no_audit": ("Ingen handlinger endnu.", "No actions yet."),
    "admin.yes": ("ja", "yes"),
    "admin.no": ("nej", "no"),
    "audit.detail.administrator": ("administrator", "administrator"),
    "audit.detail.deleted_at": ("slettet", "deleted"),
    "audit.detail.fidelity": ("detaljeringsgrad", "fidelity"),
    "audit.detail.file": ("fil", "file"),
    "audit.detail.from": ("fra", "from"),
    "audit.detail.id": ("nr.", "no."),
    "audit.detail.kind": ("slags", "kind"),
    "audit.detail.name": ("navn", "name"),
    "audit.detail.new": ("ny", "new"),
    "audit.detail.replaced": ("erstattede", "replaced"),
    "audit.detail.replications": ("replikationer", "replications"),
    "audit.detail.role": ("rolle", "role"),
    "audit.detail.rows": ("rækker", "rows"),
    "audit.detail.to": ("til", "to"),
    "audit.detail.version": ("version", "version"),
    "admin.deleted": ("Slettet arbejde", "Deleted work"),
    "admin.no_deleted": (
        "Intet er slettet inden for de sidste 30 dage.",
        "Nothing has been deleted in the last 30 days.",
    ),
    "admin.restore_pick": ("Slettet", "Deleted"),
    "admin.restore": ("Gendan", "Restore"),
    "admin.restored": ("'{name}' er gendannet.", "'{name}' has been restored."),
    "col.email": ("E-mail", "E-mail"),
    "col.role": ("Rolle", "Role"),
    "col.created": ("Oprettet", "Created"),
    "col.last_login": ("Sidst logget ind", "Last signed in"),
    "col.when": ("Tidspunkt", "When"),
    "col.who": ("Hvem", "Who"),
    "col.action": ("Handling", "Action"),
    "col.target": ("Hvad", "What"),
    "col.detail": ("Detaljer", "Details"),
    "col.kind": ("Slags", "Kind"),
    "col.owner": ("Ejer", "Owner"),
    "col.deleted_at": ("Slettet", "Deleted"),
    "col.deleted_by": ("Slettet af", "Deleted by"),
    "col.until": ("Kan gendannes til", "Restorable until"),
    "kind.scenario": ("scenarie", "scenario"),
    "kind.run": ("kørsel", "run"),
    "kind.option_set": ("lokalitetssæt", "option set"),
    "kind.user": ("bruger", "user"),
    "audit.save": ("gemte", "saved"),
    "audit.upload": ("indlæste", "uploaded"),
    "audit.run": ("startede kørsel", "started run"),
    "audit.sweep": ("startede analyse", "started analysis"),
    "audit.delete": ("slettede", "deleted"),
    "audit.restore": ("gendannede", "restored"),
    "audit.purge": ("fjernede for altid", "purged"),
    "audit.role": ("ændrede rolle", "changed role"),
    "audit.login": ("loggede ind", "signed in"),
    # the method page: how the model works, the run sheet's rows (English: the field)
    "method.body": (
        """### Hvad modellen gør
Modellen simulerer et plejedøgn ad gangen, fra kl. 7 til kl. 7 næste morgen, med dag-,
aften- og nattevagt. Hver medarbejder er en proces i en diskret hændelsessimulering (SimPy):

1. **Borgere og besøg.** Antallet af borgere pr. bydel og målgruppe følger Københavns
   Kommunes befolkningsfremskrivning gange en andel, der modtager hjælp. Borgerne bor
   jævnt fordelt i deres bydel. Hver målgruppe har en besøgsprofil: besøg pr. uge
   (hverdag og weekend), fordelt på personlig pleje, praktisk hjælp, sygepleje og
   træning, tidspunkter på døgnet, varighed og andel af besøg, der kræver to medarbejdere.
   Et besøg er til tiden, hvis det begynder senest 30 minutter efter det aftalte tidspunkt.
2. **Medarbejdere.** Enhedernes vagtplaner siger, hvor mange der er på arbejde pr. vagt.
   Hver dag er en andel fraværende (9 % som standard); deres vagt bliver ikke dækket.
   Hver borger har en kontaktgruppe på tre faste medarbejdere pr. faggruppe og vagt.
3. **Dagen.** Medarbejderne møder ind på den lokation, deres enhed er placeret på den dag,
   holder morgenmøde og tager derefter besøg: det besøg, de kan begynde først – men en
   borger, de er kontaktperson for, først, hvis det besøg kan begynde højst 15 minutter
   senere. Transporttid er afstand i fugleflugt × omvejsfaktor ÷ hastighed + parkering.
   Et tomandsbesøg (fx en forflytning) begynder, når begge medarbejdere er der; den første
   venter højst 30 minutter, ellers bliver besøget ikke til noget (det tælles som
   *tomandsbesøg uden makker*).
   Et besøg, der ikke kan begynde inden vagtens slut plus overarbejdsgrænsen, aflyses
   (eller gives til vikarbureau). Til sidst vender de tilbage og dokumenterer.
4. **Lokationer** kan rumme et bestemt antal personer ad gangen. Kommer der flere, venter
   de udenfor, og ventetiden måles – fx ved mødestart kl. 7. Mødet begynder først, når
   hele enheden er inde; den, der ikke kommer ind inden for 15 minutter, springer mødet
   over. En fuld lokation forsinker altså dagens første besøg. Ledere og administration er
   i lokationen fra dagvagtens start kl. 7.
5. **Flyt 2.** Før Flyt 2 betjener SOF-enheder kun SOF-borgere og SUF-enheder kun
   SUF-borgere. Fra Flyt 2 deler enhederne i samme område borgerne.
6. **Akutte besøg** (nødkald) kommer tilfældigt (Poisson) og tages af akutvagter efter
   først-til-mølle; den nærmeste ledige medarbejder kører. Køen begynder tom før kl. 7
   (opvarmningen, 120 minutter som standard; nattens akutvagt tager de kald, og de tælles
   ikke med). Ved vagtskifte gør den afgående vagt sit kald færdigt, og den næste vagt
   overtager køen. Et kald, som ingen akutvagt i eget område har taget efter 30 minutter,
   går videre til den nærmeste ledige akutvagt i et andet område; et kald, som ingen har
   nået, når døgnet slutter kl. 7, tælles som *ubesvaret*.
7. **Usikkerhed.** Hver replikation bruger sit eget seed (replikation *i* bruger seed + *i*
   i alle scenarier, så forskelle mellem scenarier er forskelle og ikke tilfældig støj).
   Tallene vises som gennemsnit med 95 %-konfidensinterval.

### Afprøvet mod køteori
Sat op som en ren M/M/c-kø (én bydel, ingen transport, ingen planlagte besøg) afprøves
alarmkøen mod Erlang C med lang opvarmning og mod den eksakte løsning for sit eget døgn:
en fødsels-døds-kæde, der begynder tom ved opvarmningens start og har vagtskiftene med.
Erlang C er ligevægten. Ved høj udnyttelse ligger et døgn, der begynder tomt, med rette
under Erlang C: ved udnyttelse 0,95 og standardopvarmning er den gennemsnitlige ventetid
13,5 minutter mod Erlang C's 18,1. Modellen rammer den eksakte værdi inden for
95 %-konfidensintervallet.

### Detaljeringsgrad
*Udvalgte dage* simulerer to hverdage og to weekenddage i hver måned og fase (og ved hver
ændring i placeringerne) og vægter dem op til kalenderen. Spidsbelægningen er et maksimum
og vægtes ikke: den tæller dem, der møder ind kl. 7, på alle dage. Målt mod *alle dage* på
alle medfølgende scenarier ligger hovednøgletallene inden for 2 % (se README). Ved siden af
konfidensintervallet vises den del af det, der kommer af de udvalgte dage. Helligdage
(nytårsdag, påske, Kristi himmelfartsdag, pinse og jul) simuleres som weekenddage, med
weekendens besøg og vagtplan, på begge detaljeringsgrader; 1. maj, grundlovsdag,
juleaftensdag og nytårsaftensdag er almindelige hverdage i modellen.
Et scenarie og dets Basis simuleres altid på de samme dage med de samme seeds, så et
scenarie, der intet ændrer, afviger med præcis 0. En dag, hvis input er uændret (samme
seed, dato, parametre, placeringer og ledige stillinger), giver samme resultat og tages
fra den dag, der allerede er simuleret; "Kør igen" simulerer alle dage forfra.

### Budget- og servicevurderingen
Scenariet vurderes mod Basis (scenarios/baseline.yaml på scenariets egne data, dage og
seeds), parret replikation for replikation, pr. budgetår: over budget = løbende merudgift
+ engangsudgifter ud over implementeringsbevillingen, med 95 %-KI, og *usikkert*, når
intervallet rummer 0. Ved siden af pengene står servicen: aflyste besøg, besøg til tiden
og alarmsvar (90 %-fraktil) mod Basis. Er servicen ringere uden for usikkerheden, står der
"men med ringere service". Samme vurdering vises på alle sider og i alle filer; på
Sammenlign er en anden reference kun en forskel. Budgetår, som perioden kun dækker en del
af, hedder fx "2026 (jun.–dec.)".

### Hvad modellen ikke gør
Den optimerer ikke ruter, den kender ikke de faktiske adresser, og den regner ikke med
trafik eller vejr. Alle standardtal er illustrative og skal erstattes.

### Datakilder
- Bydelsgrænser og befolkningsfremskrivning (KKFR2026): © Københavns Kommune.
- Borgere, medarbejdere, vagtplaner, besøgsprofiler og lokationer: illustrative tal,
  afstemt med implementeringsplanens totaler (knap 5.000 borgere, ca. 600 medarbejdere).
  Hvert tal har sin kilde eller begrundelse i `data/README.md`.
""",
        """### What the model does
It simulates one care day at a time (07:00 to 07:00) with day, evening and night shifts;
each carer is a SimPy process. Citizens per district follow the city's population
projection times take-up rates; visit profiles give visits a week, types, times of day,
durations and two-carer shares. Carers meet at the premises their team is placed in,
then take visits (the one they can start earliest, but their own citizen's first if it
can start at most 15 minutes later),
travel (straight-line distance × detour factor ÷ speed + parking), and return to
document. Visits that cannot start before the shift ends plus the overtime tolerance are
missed (or go to agency staff). A two-carer visit (e.g. a transfer) starts when both
carers are there; the first waits at most 30 minutes, or the visit is not made (counted
as *two-carer visits, partner missing*). Premises hold a limited number of people at
once; the wait outside is measured, and the shift meeting starts only when the team is
inside (who cannot get in within 15 minutes skips it), so a crowded premises delays the
first visits. Leaders and administration are in from 07:00, with the day shift. Before
Move 2 SOF and SUF teams serve only their own citizens; from Move 2 the teams of an area
pool them. Alarm calls arrive at random and are served
first come, first served; the queue starts empty before 07:00 (the warm-up, 120 minutes
by default; the night's on-call carer serves those calls and they are not counted), and
at a shift change the carers going off duty finish their call while the next shift takes
over the queue. A call that no on-call carer of its own pool has taken after 30 minutes
goes to the nearest free on-call carer of another pool; a call nobody has reached when
the care day ends at 07:00 is counted as *unanswered*. Replication *i* uses seed + *i* in
every scenario; results are means with 95% confidence intervals. All default figures are
illustrative (sources in `data/README.md`).

Public holidays (New Year's Day, Easter, Ascension Day, Whitsun and Christmas) are
simulated as weekend days, with the weekend's visits and roster, at both levels of detail;
1 May, Constitution Day, Christmas Eve and New Year's Eve are ordinary weekdays in the
model.

### Checked against queueing theory
Configured as a pure M/M/c queue (one district, no travel, no planned visits), the alarm
queue is tested against Erlang C with a long warm-up and against the exact transient of
its own day: a birth–death chain that starts empty at the warm-up's start and includes the
shift changes. Erlang C is the steady state; at high utilisation a day that starts empty
is correctly below it: at utilisation 0.95 with the default warm-up the mean wait is 13.5
minutes against Erlang C's 18.1. The model meets the exact value within its 95% confidence
interval.

### Level of detail
*Sampled days* simulates two weekdays and two weekend days in each month and phase (and
at each change of placements) and weights them up to the calendar. The peak occupancy is
a maximum and is not weighted: it counts who arrives at 07:00 on every day. Measured
against *every day* on all shipped scenarios, the headline indicators are within 2 % (see
the README). Beside the confidence interval, the part of it that comes from the sampled
days is shown. Public holidays run as weekend days at both levels of detail.

A scenario and its Basis are always simulated on the same days with the same seeds, so a
scenario that changes nothing differs by exactly 0; a day whose inputs are unchanged is
taken from the day already simulated ("Run again" simulates every day anew).

### The budget and service verdict
The scenario is judged against Basis (scenarios/baseline.yaml on the scenario's own data,
days and seeds), paired replication by replication, per budget year: over budget = extra
running cost + one-off costs beyond the implementation funding, with its 95% CI, and
*uncertain* when the interval spans 0. The service stands next to the money: missed
visits, visits on time and alarm response (90th percentile) against Basis; worse service
beyond the uncertainty reads "but with worse service". The same verdict is shown on every
page and in every file; on Compare another reference is only a difference. Budget years
the horizon covers in part are named e.g. "2026 (Jun–Dec)".
""",
    ),
    "method.sheet.scenario": ("Scenarie", "scenario"),
    "method.sheet.scenario_hash": ("Scenariets fingeraftryk", "scenario_hash"),
    "method.sheet.data_hash": ("Datas fingeraftryk", "data_hash"),
    "method.sheet.model_version": ("Modelversion", "model_version"),
    "method.sheet.horizon_start": ("Periode start", "horizon_start"),
    "method.sheet.horizon_end": ("Periode slut", "horizon_end"),
    "method.sheet.horizon": ("Periode", "horizon"),
    "method.sheet.fidelity": ("Detaljeringsgrad", "fidelity"),
    "method.sheet.simulated_days_per_replication": (
        "Simulerede dage pr. replikation",
        "simulated_days_per_replication",
    ),
    "method.sheet.replications": ("Replikationer", "replications"),
    "method.sheet.seeds": ("Seeds", "seeds"),
    "method.sheet.illustrative_data": ("Illustrative data", "illustrative_data"),
    "runs.worker_died": (
        "En regneproces stoppede uventet (fx for lidt hukommelse), så kørslen blev afbrudt. "
        "Kør den igen.",
        "A worker process stopped unexpectedly (e.g. out of memory), so the run was "
        "interrupted. Run it again.",
    ),
}
