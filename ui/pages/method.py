"""Metode: the assumptions in plain words, the data sources and the run sheet."""

import pandas as pd
import streamlit as st

from sim.model.horizon import simulated_days
from sim.run.experiment import run_sheet
from sim.run.fingerprint import model_version
from ui.components import illustrative_note
from ui.i18n import date, escape_markdown, lang, t
from ui.runs import registry
from ui.state import default_data, draft, validate

st.title(t("method.title"))
illustrative_note()

if lang() == "da":
    st.markdown("""
### Hvad modellen gør
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
   holder morgenmøde og tager derefter besøg: først borgere, de er kontaktperson for,
   ellers det besøg, de kan nå først. Transporttid er afstand i fugleflugt × omvejsfaktor
   ÷ hastighed + parkering.
   Et besøg, der ikke kan begynde inden vagtens slut plus overarbejdsgrænsen, aflyses
   (eller gives til vikarbureau). Til sidst vender de tilbage og dokumenterer.
4. **Lokationer** kan rumme et bestemt antal personer ad gangen. Kommer der flere, venter
   de udenfor, og ventetiden måles – fx ved mødestart kl. 7.
5. **Flyt 2.** Før Flyt 2 betjener SOF-enheder kun SOF-borgere og SUF-enheder kun
   SUF-borgere. Fra Flyt 2 deler enhederne i samme område borgerne.
6. **Akutte besøg** (nødkald) kommer tilfældigt (Poisson) og tages af akutvagter efter
   først-til-mølle; den nærmeste ledige medarbejder kører.
7. **Usikkerhed.** Hver replikation bruger sit eget seed (replikation *i* bruger seed + *i*
   i alle scenarier, så forskelle mellem scenarier er forskelle og ikke tilfældig støj).
   Tallene vises som gennemsnit med 95 %-konfidensinterval.

### Detaljeringsgrad
*Udvalgte dage* simulerer én hverdag og én weekenddag i hver måned og fase (og ved hver
ændring i placeringerne) og vægter dem op til kalenderen. Målt mod *alle dage* på
basisscenariet ligger nøgletallene inden for ca. 1–2 % (se README). Helligdage er ikke med.

### Hvad modellen ikke gør
Den optimerer ikke ruter, den kender ikke de faktiske adresser, og den regner ikke med
trafik, vejr eller helligdage. Alle standardtal er illustrative og skal erstattes.

### Datakilder
- Bydelsgrænser og befolkningsfremskrivning (KKFR2026): © Københavns Kommune.
- Borgere, medarbejdere, vagtplaner, besøgsprofiler og lokationer: illustrative tal,
  afstemt med implementeringsplanens totaler (knap 5.000 borgere, ca. 600 medarbejdere).
  Hvert tal har sin kilde eller begrundelse i `data/README.md`.
""")
else:
    st.markdown("""
### What the model does
It simulates one care day at a time (07:00 to 07:00) with day, evening and night shifts;
each carer is a SimPy process. Citizens per district follow the city's population
projection times take-up rates; visit profiles give visits a week, types, times of day,
durations and two-carer shares. Carers meet at the premises their team is placed in,
then take visits (their own citizens first, else the one they can start earliest),
travel (straight-line distance × detour factor ÷ speed + parking), and return to
document. Visits that cannot start before the shift ends plus the overtime tolerance are
missed (or go to agency staff). Premises hold a limited number of people at once; the
wait outside is measured. Before Move 2 SOF and SUF teams serve only their own citizens;
from Move 2 the teams of an area pool them. Alarm calls arrive at random and are served
first come, first served. Replication *i* uses seed + *i* in every scenario; results are
means with 95% confidence intervals. All default figures are illustrative (sources in
`data/README.md`).
""")

st.subheader(t("method.run_sheet"))
scenario, _ = validate(draft(), lang())
handle = registry().get(st.session_state.get("run_key"))
if handle is not None and handle.experiment() is not None:
    sheet = run_sheet(handle.experiment())
elif scenario is not None:
    sheet = {
        "scenario": scenario.name,
        "scenario_hash": scenario.content_hash(),
        "data_hash": default_data().content_hash,
        "model_version": model_version(),
        "horizon": f"{date(scenario.calendar.start)} – {date(scenario.calendar.end)}",
        "fidelity": scenario.fidelity,
        "simulated_days_per_replication": len(simulated_days(scenario)),
        "replications": scenario.replications,
        "seeds": scenario.replication_seeds(),
        "illustrative_data": True,
    }
else:
    sheet = {}
labels = {
    "scenario": "Scenarie",
    "scenario_hash": "Scenariets fingeraftryk",
    "data_hash": "Datas fingeraftryk",
    "model_version": "Modelversion",
    "horizon_start": "Periode start",
    "horizon_end": "Periode slut",
    "horizon": "Periode",
    "fidelity": "Detaljeringsgrad",
    "simulated_days_per_replication": "Simulerede dage pr. replikation",
    "replications": "Replikationer",
    "seeds": "Seeds",
    "illustrative_data": "Illustrative data",
}
rows = [{"": labels.get(k, k) if lang() == "da" else k, " ": str(v)} for k, v in sheet.items()]
st.table(pd.DataFrame(rows).set_index("").map(escape_markdown))  # st.table reads Markdown
