"""The Dutch descriptions an editor shows on hover: one per section and per field of the case file.

Data, not code: `schema` adds each field's readers in words. A field added to the model needs a
line here (a test fails without one).
"""

from __future__ import annotations

READER_NAMES = {
    "parents": "alle ouders van de betrokken groepen",
    "pupils": "de leerlingen van de betrokken groepen",
    "staff": "de medewerkers van de school",
    "student": "het gesprek met de leerling zelf (alleen diens eigen gegevens)",
    "schools": "de directeuren van andere scholen",
    "it": "de IT-servicedesk van het bestuur",
    "advisor": "een anoniem adviesgesprek (Veilig Thuis: rollen en leeftijden, geen namen)",
    "police": "de politie",
    "dossier": "het eigen dossier van de school (coördinator en directeur): alles",
    "board": "het veiligheidsteam van het schoolbestuur: procesniveau, geen namen van leerlingen",
}

SECTIONS = {
    "CaseFile": (
        "Dossier voor commsgen: één bestand per incident. Elk veld zegt wie het in zijn document kan lezen; "
        "een veld binnen een blok is nooit zichtbaar voor meer lezers dan het blok zelf."
    ),
    "Action": "Eén regel van het logboek: wat de school deed, bij welke stap van het protocol, en wanneer.",
    "Case": "Het dossier zelf: zaaknummer, datum en wie de zaak coördineert.",
    "Communication": "Het communicatieplan: talen van de brief, datum van de brief en bijeenkomsten.",
    "Consultation": "Meldcode stap 2: het (eventueel anonieme) overleg met Veilig Thuis en de afweging.",
    "Contact": "Een persoon die men kan bereiken: naam, functie, telefoon en e-mail.",
    "FollowUp": "Stap 9: de situatie volgen, evalueren en het dossier sluiten.",
    "Guardian": "Een ouder of verzorger van een betrokken leerling.",
    "Invitation": "De uitnodiging van de ouders van één leerling voor een gesprek op school (stap 6).",
    "Incident": "Wat er is gebeurd, in grote lijnen: elk document krijgt alleen wat voor zijn lezers is.",
    "Meeting": "Een geplande bijeenkomst: datum, tijd (UU:MM) en plaats.",
    "Person": "Een betrokken leerling: alleen het eigen gesprek en de politie zien de naam.",
    "Police": "Het contact met de politie (protocol stap 3 en 4) en wat met de politie is afgesproken.",
    "Protocol": "Het protocol van het bestuur dat de documenten volgen.",
    "School": "De school, het bestuur en de contactpersoon voor ouders.",
    "Service": "Een servicedesk van een organisatie (geen persoon): naam, telefoon en e-mail.",
    "Signatory": "Wie de brief namens de school ondertekent.",
}

DESCRIPTIONS: dict[str, dict[str, str]] = {
    "CaseFile": {
        "case": "Het dossier: zaaknummer, datum van opening en de coördinator.",
        "school": "De school, het bestuur en de contactpersoon voor ouders.",
        "incident": "Wat er is gebeurd, in grote lijnen.",
        "people": "De betrokken leerlingen; elke leerling begint met `- id: s1`.",
        "police": "Het contact met de politie en de afspraken.",
        "actions": "Het logboek: per stap van het protocol wat de school deed; elke stap begint met "
                   "`- step:`.",
        "meldcode": "Het overleg met Veilig Thuis volgens de meldcode (niet verplicht).",
        "follow_up": "Opvolging na het incident (stap 9; niet verplicht).",
        "communication": "Talen, datum van de brief en bijeenkomsten.",
        "profile": "Het schoolprofiel dat dit dossier gebruikt, bijvoorbeeld `school.yaml` (niet verplicht).",
    },
    "Action": {
        "step": "Nummer van de protocolstap, 1 tot en met 9.",
        "date": "Datum van deze stap (JJJJ-MM-DD).",
        "done": "Afgerond: ja of nee (weglaten = nee).",
        "note": "Notitie voor de coördinator en de politie; mag zorgdetails over leerlingen bevatten.",
        "staff_note": "Notitie die alle medewerkers mogen lezen (komt in de briefing); geen namen.",
    },
    "Case": {
        "reference": "Uw zaaknummer, bijvoorbeeld 2026-014 (komt in de bestandsnamen: nooit een naam).",
        "opened": "Datum waarop de school de zaak opende (JJJJ-MM-DD).",
        "coordinator": "Wie de zaak coördineert, bijvoorbeeld de intern begeleider.",
    },
    "Communication": {
        "languages": "Talen van de brief aan ouders als taalcodes, bijvoorbeeld [nl, en, ar].",
        "letter_date": "Datum boven de brief aan ouders (JJJJ-MM-DD); leeg = de dag van maken.",
        "staff_meeting": "Teamoverleg over de zaak (protocol stap 7).",
        "parent_meeting": "Bijeenkomst voor ouders, als die er komt.",
        "class_talk": "Het gesprek in de klas (protocol stap 8).",
        "portal": "Naam van het ouderportaal waarin de school berichten plaatst, bijvoorbeeld Parro, Social "
                  "Schools of Magister.",
        "board_request": "Wat de school van het bestuur vraagt (voor het bericht aan het bestuur); "
                         "geen namen.",
    },
    "Consultation": {
        "date": "Datum van het overleg met Veilig Thuis (JJJJ-MM-DD).",
        "consulted_by": "Wie overlegde, als functie (bijvoorbeeld aandachtsfunctionaris), geen naam.",
        "anonymous": "Anoniem overlegd: ja of nee.",
        "advice": "Het advies van Veilig Thuis.",
        "decision": "Het besluit: in afwachting (pending), melden (report) of niet melden (no_report).",
        "reasons": "De afweging bij het besluit (meldcode stap 4 en 5).",
        "reported": "Datum van de melding, als er gemeld is (JJJJ-MM-DD).",
    },
    "Contact": {
        "name": "Naam van de persoon.",
        "role": "Functie, bijvoorbeeld intern begeleider of wijkagent.",
        "phone": "Telefoonnummer: cijfers, spaties en streepjes.",
        "email": "E-mailadres.",
        "form": "Aanspreekvorm: mevrouw, meneer of neutraal. Vertaalde brieven zetten de functie in de "
                "passende vorm (Pools koordynatorka, Duits Förderkoordinatorin); leeg = neutraal.",
    },
    "FollowUp": {
        "update_letter": "Datum van de vervolgbrief aan ouders (JJJJ-MM-DD).",
        "evaluation": "Datum van de evaluatie (JJJJ-MM-DD).",
        "closing": "Datum waarop het dossier wordt gesloten (JJJJ-MM-DD).",
        "retention_years": "Hoeveel jaar het dossier bewaard blijft (1 tot en met 20).",
        "message": "Tekst voor de vervolgbrief aan ouders; geen namen of herkenbare details.",
    },
    "Guardian": {
        "name": "Naam van de ouder of verzorger.",
        "relation": "moeder, vader, ouder, verzorger, voogd of pleegouder.",
        "phone": "Telefoonnummer: cijfers, spaties en streepjes.",
        "email": "E-mailadres.",
        "language": "Taal van de brief voor deze ouder: een taalcode (nl, en, ar, tr, pl, uk) of de naam "
                    "van de taal; weglaten = nl.",
    },
    "Incident": {
        "kind": "sexting of distribution (verspreiding van beelden van een onbekend kind).",
        "discovered": "Datum waarop de school het hoorde (JJJJ-MM-DD).",
        "summary": "Eén of twee zinnen voor de brief aan ouders; geen namen, initialen of herkenbare "
                   "details.",
        "pupil_depicted": "Staat een leerling van de school op de beelden? ja of nee.",
        "channels": "Kanalen waarlangs de beelden zijn gedeeld, bijvoorbeeld [whatsapp, snapchat].",
        "other_schools": "Zijn de beelden ook bij andere scholen? ja, nee of onbekend.",
        "other_school_names": "Namen van de andere scholen (nooit van leerlingen).",
        "staff_received": "Hebben medewerkers beelden ontvangen of doorgestuurd? ja, nee of onbekend.",
        "parents_received": "Hebben ouders beelden ontvangen of doorgestuurd? ja, nee of onbekend.",
        "staff_involved": "Is een medewerker van de school betrokken? ja, nee of onbekend. Bij ja neemt het "
                          "bestuur contact op met de vertrouwensinspecteur.",
        "media_attention": "Is er aandacht van pers of sociale media? ja, nee of onbekend.",
        "source_url": "Het webadres waar de beelden staan, als dat bekend is. Open het niet.",
        "affected_groups": "De groepen of klassen waarvan alle ouders de brief krijgen, bijvoorbeeld "
                           "`- groep 8`.",
    },
    "Meeting": {
        "date": "Datum (JJJJ-MM-DD).",
        "time": "Tijd als UU:MM, bijvoorbeeld 19:30.",
        "location": "Plaats, bijvoorbeeld de aula.",
    },
    "Person": {
        "id": "Kort kenmerk van kleine letters en cijfers (s1, s2, ...): komt in de bestandsnaam, nooit "
              "een naam.",
        "name": "Naam van de leerling.",
        "role": "slachtoffer (depicted), gedeeld (shared), ontvangen (received), gezien (saw) of gemeld "
                "(reported).",
        "group": "Groep of klas van de leerling.",
        "age": "Leeftijd in jaren (3 tot en met 25).",
        "birth_date": "Geboortedatum (JJJJ-MM-DD).",
        "guardians": "Ouders of verzorgers (hoogstens zes); elk begint met `- name:`.",
        "notes": "Feitelijke aantekening voor de politie; beschrijf de beelden niet.",
        "invitation": "Het gesprek met de ouders van deze leerling: datum, tijd, plaats en wie er zijn "
                      "(voor de uitnodiging).",
    },
    "Invitation": {
        "date": "Datum van het gesprek (JJJJ-MM-DD).",
        "time": "Tijd als UU:MM, bijvoorbeeld 15:30.",
        "location": "Plaats, bijvoorbeeld de kamer van de intern begeleider.",
        "present": "Wie er namens de school bij zijn, als functie: `- mentor`, `- intern begeleider`.",
    },
    "Police": {
        "contact": "De wijkagent of politiemedewerker met wie u het plan afstemt.",
        "contacted": "Datum van het eerste contact met de politie (JJJJ-MM-DD).",
        "report_reference": "Registratienummer van de politie.",
        "meldpunt_reference": "Nummer van de melding bij het Meldpunt Kinderporno (Offlimits).",
        "agreed_plan": "Wat u met de politie hebt afgesproken: wie doet wat, in welke volgorde.",
        "agreed_deletion": "Datum waarop de politie instemde met de oproep om te verwijderen (stap 5).",
        "agreed_filter": "Datum waarop de politie instemde met het filterverzoek (stap 1).",
        "agreed_school_notice": "Datum waarop de politie instemde met het bericht aan andere scholen.",
        "zeden": "Ja als de politie de afdeling Zeden heeft ingeschakeld of de zaak onderzoekt: het gesprek "
                 "met een leerling die beelden deelde, wacht dan op agreed_talks.",
        "agreed_talks": "Datum waarop de politie (Zeden) zei dat en hoe de school met een leerling "
                        "die beelden deelde mag praten (stap 6).",
    },
    "Protocol": {
        "title": "Titel van het protocol van het bestuur.",
        "version": "Versie of datum van het protocol.",
    },
    "School": {
        "name": "Naam van de school, bijvoorbeeld Basisschool De Linde.",
        "type": "Soort school: basisschool (primary) of voortgezet onderwijs (secondary).",
        "board": "Het schoolbestuur.",
        "address": "Adres van de school.",
        "city": "Plaats.",
        "phone": "Algemeen telefoonnummer van de school.",
        "website": "Website van de school.",
        "parent_contact": "De contactpersoon bij wie ouders terechtkunnen.",
        "signatory": "Wie de brief aan ouders ondertekent; leeg = de contactpersoon.",
        "protocol": "Het protocol van het bestuur (titel en versie).",
        "support_team": "Het ondersteuningsteam van het bestuur (bijvoorbeeld Ondersteuningsteam "
                        "Veiligheid).",
        "meldcode_contact": "De aandachtsfunctionaris van de school voor de meldcode.",
        "it_service_desk": "De IT-servicedesk van het bestuur (voor het filterverzoek).",
    },
    "Service": {
        "name": "Naam van de servicedesk.",
        "phone": "Telefoonnummer.",
        "email": "E-mailadres.",
    },
    "Signatory": {
        "name": "Naam van wie ondertekent.",
        "role": "Functie, bijvoorbeeld directeur.",
        "form": "Aanspreekvorm: mevrouw, meneer of neutraal. Vertaalde brieven zetten de functie in de "
                "passende vorm (Pools koordynatorka, Duits Förderkoordinatorin); leeg = neutraal.",
    },
}
