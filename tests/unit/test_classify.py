"""The classifier reads the categories of DESIGN.md in five languages and says why."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agent.calendars import Invite
from agent.classify import branches, classify
from agent.models import Address, Category, Message

C = Category


def message(subject: str, sender: str = "Ann <ann@acme.example>", **headers: str) -> Message:
    name, _, email = sender.partition(" <")
    return Message(
        message_id="<m@acme.example>",
        subject=subject,
        sender=Address(name, email.rstrip(">") or name),
        headers={k.replace("_", "-").lower(): v for k, v in headers.items()},
    )


CASES = [
    # acknowledgement
    (
        "Application received",
        "Thank you for applying! We have received your application for the Data Engineer role and our team will review it shortly.",
        C.ACKNOWLEDGEMENT,
    ),
    (
        "Søknad mottatt",
        "Takk for søknaden din. Vi har mottatt den, og vil gå gjennom alle søknadene etter fristen.",
        C.ACKNOWLEDGEMENT,
    ),
    (
        "Tack för din ansökan",
        "Vi har tagit emot din ansökan och återkommer efter sista ansökningsdag.",
        C.ACKNOWLEDGEMENT,
    ),
    (
        "Tak for din ansøgning",
        "Vi har modtaget din ansøgning og vender tilbage, når fristen er udløbet.",
        C.ACKNOWLEDGEMENT,
    ),
    (
        "Eingangsbestätigung",
        "Vielen Dank für Ihre Bewerbung. Ihre Unterlagen sind bei uns eingegangen.",
        C.ACKNOWLEDGEMENT,
    ),
    # interview
    (
        "Next steps",
        "We'd like to invite you to a first interview. Which times would work for you next week?",
        C.INTERVIEW,
    ),
    (
        "Intervju",
        "Vi vil gjerne invitere deg til intervju. Passer det onsdag 11. mars kl. 10:00?",
        C.INTERVIEW,
    ),
    (
        "Intervju",
        "Vi vill gärna bjuda in dig till en intervju. När passar det för dig?",
        C.INTERVIEW,
    ),
    ("Samtale", "Vi vil gerne invitere dig til en samtale. Hvornår passer det dig?", C.INTERVIEW),
    (
        "Einladung",
        "Wir möchten Sie gerne zu einem Vorstellungsgespräch einladen. Bitte nennen Sie uns Terminvorschläge.",
        C.INTERVIEW,
    ),
    (
        "Re: Interview",
        "Something came up on our side: could we reschedule to Thursday at 14:00 instead?",
        C.INTERVIEW,
    ),
    # offer
    (
        "Offer",
        "We are delighted to offer you the position of Backend Developer. The offer letter is attached.",
        C.OFFER,
    ),
    (
        "Tilbud",
        "Vi er glade for å kunne tilby deg stillingen! Arbeidsavtalen kommer i posten.",
        C.OFFER,
    ),
    (
        "Erbjudande",
        "Vi vill gärna erbjuda dig tjänsten som utvecklare. Anställningsavtalet bifogas.",
        C.OFFER,
    ),
    (
        "Jobtilbud",
        "Vi er glade for at kunne tilbyde dig stillingen. Ansættelseskontrakten følger.",
        C.OFFER,
    ),
    (
        "Vertragsangebot",
        "Wir freuen uns, Ihnen die Stelle anbieten zu können. Anbei unser Vertragsangebot.",
        C.OFFER,
    ),
    # rejection
    (
        "Your application",
        "Thank you for your interest. Unfortunately we have decided to move forward with other candidates.",
        C.REJECTION,
    ),
    (
        "Your application",
        "We were impressed, but we will not be progressing your application any further.",
        C.REJECTION,
    ),
    (
        "Søknaden din",
        "Takk for interessen. Vi har dessverre valgt å gå videre med andre kandidater.",
        C.REJECTION,
    ),
    (
        "Din ansökan",
        "Tack för ditt intresse. Tyvärr har vi valt att gå vidare med andra kandidater.",
        C.REJECTION,
    ),
    (
        "Din ansøgning",
        "Tak for din interesse. Desværre har vi valgt at gå videre med andre kandidater.",
        C.REJECTION,
    ),
    (
        "Ihre Bewerbung",
        "Leider müssen wir Ihnen mitteilen, dass wir uns für einen anderen Bewerber entschieden haben.",
        C.REJECTION,
    ),
    (
        "Position update",
        "The position has been filled, so we are closing the process. We wish you the best in your search.",
        C.REJECTION,
    ),
    # request
    (
        "References",
        "Could you please send us the names of two references and your salary expectations?",
        C.REQUEST,
    ),
    (
        "Test",
        "Før vi går videre ber vi deg gjennomføre en personlighetstest og sende oss lønnsforventningen din.",
        C.REQUEST,
    ),
    (
        "Arbetsprov",
        "Innan nästa steg vill vi att du gör ett arbetsprov. Skicka gärna ditt lönekrav också.",
        C.REQUEST,
    ),
    ("Referencer", "Kan du sende os to referencer og dit eksamensbevis?", C.REQUEST),
    (
        "Unterlagen",
        "Könnten Sie uns bitte Ihre Arbeitszeugnisse und Ihre Gehaltsvorstellung zusenden?",
        C.REQUEST,
    ),
    # status update
    (
        "Update",
        "We are still reviewing applications; the process is taking longer than expected. We expect to get back to you within two weeks.",
        C.STATUS_UPDATE,
    ),
    (
        "Status",
        "Vi er fortsatt i prosessen, og det tar litt lengre tid enn planlagt.",
        C.STATUS_UPDATE,
    ),
    (
        "Status",
        "Vi är fortfarande mitt i processen och rekryteringen tar längre tid än väntat.",
        C.STATUS_UPDATE,
    ),
    (
        "Status",
        "Vi er stadig i gang med processen, og det tager længere tid end forventet.",
        C.STATUS_UPDATE,
    ),
    (
        "Zwischenstand",
        "Ihre Bewerbung befindet sich noch im Auswahlprozess; es dauert leider etwas länger.",
        C.STATUS_UPDATE,
    ),
    # automatic replies by wording
    (
        "Out of office",
        "I am currently out of the office with limited access to email and will reply when I return.",
        C.AUTO_REPLY,
    ),
    (
        "Automatisk svar",
        "Jeg er på ferie til 20. juli. I hastesaker, kontakt sentralbordet.",
        C.AUTO_REPLY,
    ),
    (
        "Abwesenheitsnotiz",
        "Ich bin bis zum 3. August nicht im Büro und habe keinen Zugriff auf E-Mails.",
        C.AUTO_REPLY,
    ),
    # unrelated
    (
        "Dinner on Friday?",
        "Hi! Are you free for dinner on Friday? We could try the new place downtown.",
        C.UNRELATED,
    ),
    ("Ordrebekreftelse", "Takk for handelen! Ordrenummer 1234. Varene sendes i dag.", C.UNRELATED),
]


@pytest.mark.parametrize(("subject", "body", "expected"), CASES)
def test_categories_in_five_languages(subject: str, body: str, expected: Category) -> None:
    result = classify(message(subject), body)
    assert result.category is expected, result.reasons
    assert 0.0 <= result.confidence <= 1.0


def test_every_decision_says_why() -> None:
    result = classify(message("Interview"), "We'd like to invite you to an interview next week.")
    assert any("invite you to an interview" in r for r in result.reasons)
    assert result.confidence >= 0.7


def test_automatic_reply_by_headers_alone() -> None:
    result = classify(message("Re: my application", auto_submitted="auto-replied"), "Thanks.")
    assert result.category is C.AUTO_REPLY
    assert classify(message("x", x_autoreply="yes"), "").category is C.AUTO_REPLY


def test_generated_acknowledgement_is_not_an_automatic_reply() -> None:
    result = classify(
        message("Thanks for applying", auto_submitted="auto-generated"),
        "We have received your application and will review it.",
    )
    assert result.category is C.ACKNOWLEDGEMENT


def test_job_alert_needs_job_content_besides_bulk_headers() -> None:
    alert = classify(
        message("8 new jobs for you", "Jobs <alerts@jobboard.example>", list_unsubscribe="<x>"),
        "New jobs matching your search: Backend Developer at Acme. Apply now. Unsubscribe.",
    )
    assert alert.category is C.JOB_ALERT
    newsletter = classify(
        message(
            "Issue 12: testing tips",
            "News <news@blog.example>",
            list_unsubscribe="<x>",
            precedence="bulk",
        ),
        "This week: three ways to test your pipelines. Unsubscribe any time.",
    )
    assert newsletter.category is C.UNRELATED


def test_job_board_sender_makes_an_alert() -> None:
    result = classify(
        message("Jobs", "LinkedIn <jobs-noreply@linkedin.com>"), "Jobs you may be interested in."
    )
    assert result.category is C.JOB_ALERT


def test_hypothetical_interview_in_an_acknowledgement() -> None:
    result = classify(
        message("Søknad mottatt"),
        "Vi har mottatt søknaden din. Dersom du blir valgt ut til intervju, tar vi kontakt med deg.",
    )
    assert result.category is C.ACKNOWLEDGEMENT


def test_negated_offer_is_a_rejection() -> None:
    result = classify(
        message("Your application"),
        "We enjoyed meeting you, but we are unable to offer you the position at this time.",
    )
    assert result.category is C.REJECTION


def test_reply_subject_weighs_less_than_what_is_written_now() -> None:
    result = classify(
        message("Re: Invitation to interview"),
        "Thank you for the interview. Unfortunately we have decided to go with another candidate.",
    )
    assert result.category is C.REJECTION


def test_conflicting_signals_give_a_low_confidence() -> None:
    result = classify(
        message("Interview"),
        "We would like to invite you to an interview. Unfortunately the position has been filled.",
    )
    assert result.confidence < 0.7


def test_calendar_invitation_counts_only_with_a_job_like_title() -> None:
    start = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    interview = Invite(start=start, summary="Interview with Acme", method="REQUEST")
    assert classify(message("Invitation"), "", interview).category is C.INTERVIEW
    dentist = Invite(start=start, summary="Dentist", method="REQUEST")
    assert (
        classify(message("Reminder"), "Påminnelse om timen din hos tannlegen.", dentist).category
        is C.UNRELATED
    )


def corpus_texts() -> list[str]:
    from pathlib import Path

    from agent.classify import normalise
    from agent.pipeline import read_message, readable_body
    from agent.quoting import own_text

    root = Path(__file__).resolve().parent.parent
    texts = []
    for path in sorted(root.glob("corpus*/*/*.eml")):
        message = read_message(path.read_bytes())
        texts.append(normalise(own_text(readable_body(message))))
        texts.append(normalise(message.subject))
    return texts


def test_prefilter_finds_exactly_what_every_rule_would() -> None:
    from agent.classify import _PLACES

    texts = corpus_texts()
    assert len(texts) > 300
    for place in ("subject", "body"):
        rules, prefilter = _PLACES[place]
        for text in texts:
            hits = prefilter.scan(text)
            for number, compiled in enumerate(rules):
                full = compiled.regex.search(text)
                fast = (
                    prefilter.search(number, compiled.regex, text, hits[number])
                    if number in hits
                    else None
                )
                assert (full and full.span()) == (fast and fast.span()), (
                    place,
                    compiled.rule.pattern,
                )


#: Short replies, reschedulings, timelines and polite refusals, as people write them.
EVERYDAY = [
    ("Re: Neste steg", "Torsdag kl 10 passer fint. Vi sees da!", C.INTERVIEW),
    ("Re: Næste skridt", "10.30 er perfekt. Ses onsdag!", C.INTERVIEW),
    ("Re: Next step", "Thursday at 2 pm works for me, see you then.", C.INTERVIEW),
    (
        "Re: Næste skridt",
        "Beklager rodet – tirsdag kan desværre alligevel ikke lade sig gøre. "
        "Kan du i stedet onsdag d. 13. kl. 10?",
        C.INTERVIEW,
    ),
    (
        "Re: Termin",
        "Leider klappt Dienstag bei uns nicht mehr. Ginge es stattdessen am Donnerstag um 14 Uhr?",
        C.INTERVIEW,
    ),
    (
        "Status",
        "Gode nyheder: de vil gerne se dig igen til 2. samtale. De har foreslået to tider.",
        C.INTERVIEW,
    ),
    (
        "Status",
        "Græsholm er bagud med processen, og HR har lovet mig et svar senest onsdag. "
        "Du var med i toppen efter første samtale.",
        C.STATUS_UPDATE,
    ),
    (
        "Update",
        "We've paused the shortlisting until the hiring manager is back, but you will hear "
        "from us either way by 12 June at the latest.",
        C.STATUS_UPDATE,
    ),
    (
        "Informasjon om søkjarliste",
        "Søknadsfristen gjekk ut 1. mars. Vi tek sikte på å halde intervju i veke 12.",
        C.STATUS_UPDATE,
    ),
    (
        "Your application",
        "Thank you for applying. After reviewing applications we have decided to proceed with "
        "candidates whose experience more closely matches what we need.",
        C.REJECTION,
    ),
    (
        "Re: status",
        "Henrik ringede: de har valgt at tilbyde stillingen til en af de andre kandidater.",
        C.REJECTION,
    ),
    (
        "Tilbod om stilling",
        "Vi har vedteke å tilby deg fast stilling. Vi ber om at du svarar på tilbodet innan 30. april.",
        C.OFFER,
    ),
    (
        "Stadfesting på motteken søknad",
        "Takk for søknaden. Han er no registrert.",
        C.ACKNOWLEDGEMENT,
    ),
    (
        "Du har ett nytt meddelande",
        "Vi ber dig logga in i internetbanken för att läsa meddelandet.",
        C.UNRELATED,
    ),
    (
        "Nästa steg i rekryteringen",
        "Innan vi bokar intervjuer ber vi dig att genomföra två webbaserade tester. Testerna "
        "ska vara genomförda senast måndag 4 maj kl. 23.59.",
        C.REQUEST,
    ),
    (
        "Angående din ansökan",
        "Tack för ditt intresse för tjänsten. Vi har valt att gå vidare med andra kandidater.",
        C.REJECTION,
    ),
    (
        "SV: Spørsmål om søknad",
        "Takk for din henvendelse. Som følge av omorganiseringen er stillingen trukket tilbake. "
        "Det vil derfor ikke bli gjennomført intervjuer eller ansettelse.",
        C.REJECTION,
    ),
    (
        "Re: Intervju tirsdag",
        "Jeg har snakket med Hege i dag, og de har landet på en annen kandidat, som har lang "
        "erfaring.",
        C.REJECTION,
    ),
    (
        "AW: Nachfrage zum Stand",
        "Vielen Dank für Ihre Nachricht. Wir haben uns in der Zwischenzeit für einen Kandidaten "
        "entschieden, dessen Erfahrungsprofil näher an unseren Anforderungen liegt.",
        C.REJECTION,
    ),
    (
        "Deine Bewerbung",
        "Danke für deine Bewerbung! Hättest du Lust auf einen ersten, lockeren Video-Call? "
        "Sag einfach, was dir passt.",
        C.INTERVIEW,
    ),
    (
        "Klinikkoordinator – kort prat?",
        "Takk for søknaden. Før jeg presenterer deg for kunden vil jeg gjerne ta et kort "
        "telefonintervju med deg. Kan jeg ringe deg i morgen?",
        C.INTERVIEW,
    ),
    (
        "Melding angående din søknad",
        "Takk for din interesse for stillingen. Gjennomgangen tar dessverre lengre tid enn vi "
        "hadde planlagt. Vi tar sikte på å gi alle søkere en tilbakemelding innen fredag.",
        C.STATUS_UPDATE,
    ),
    ("Ihr Paket kommt heute", "Zeitfenster 10:30–13:30. Sendungsnummer 0034 1234.", C.UNRELATED),
    (
        "Update on your application",
        "Shortlisting for this post has been put on hold during an organisational review. We "
        "expect to be able to write to all applicants with an update by Friday 13 March.",
        C.STATUS_UPDATE,
    ),
    (
        "Outcome of organisational review",
        "The post of Marketing Manager will not be filled. The vacancy has therefore been "
        "withdrawn, and we will not be taking any applications forward.",
        C.REJECTION,
    ),
    (
        "RE: Interview invitation",
        "After a great deal of discussion, the panel has decided to offer the post to another "
        "candidate.",
        C.REJECTION,
    ),
    (
        "Assessment Centre invitation",
        "We are pleased to invite you to our Assessment Centre on Thursday 12 March 2026, 09:30. "
        "Could you confirm that you can attend?",
        C.INTERVIEW,
    ),
    (
        "Next steps",
        "Just to keep you posted: the panel will meet on Thursday to make decisions, and I'll "
        "email everyone by Friday at the latest.",
        C.STATUS_UPDATE,
    ),
    (
        "Svar på søknad",
        "Vi har valgt å innkalle andre søkere til intervju, og du vil derfor ikke bli vurdert "
        "videre i denne prosessen. Følg med på ledige stillinger hos oss.",
        C.REJECTION,
    ),
    (
        "Svar på søknad",
        "Stillingen er tilbudt søkeren som var innstilt som nummer én. Du var innstilt som "
        "reserve nummer to.",
        C.REJECTION,
    ),
    (
        "Update zu Deiner Bewerbung",
        "Wir haben uns entschieden, den Prozess mit Kandidat:innen fortzusetzen, deren Erfahrung "
        "näher an unseren Schwerpunkten liegt.",
        C.REJECTION,
    ),
    (
        "Rückmeldung",
        "Leider keine positive. Der Fachbereich hat sich für eine Kandidatin entschieden, die "
        "mehr Erfahrung hat.",
        C.REJECTION,
    ),
    (
        "Interview - Senior Test Analyst",
        "Nice work on the assessment. Would you be free for a chat with our QA lead on Thursday?",
        C.INTERVIEW,
    ),
    (
        "Re: SDET role",
        "They've decided to go with candidates who've spent more time in a TypeScript stack.",
        C.REJECTION,
    ),
    (
        "Update regarding the position",
        "This position has been put on hold and will not be filled at this time. As a result, "
        "we are closing the vacancy and all applications to it.",
        C.REJECTION,
    ),
    (
        "Erbjudande",
        "Referenserna var väldigt fina och vi vill gärna ha dig hos oss! Vi erbjuder dig en "
        "tillsvidareanställning som lärare från och med den 10 augusti.",
        C.OFFER,
    ),
    (
        "SV: Andra intervju",
        "Efter mycket funderande har vi valt att erbjuda tjänsten som biträdande rektor till en "
        "annan sökande.",
        C.REJECTION,
    ),
    (
        "Lägesinfo",
        "Vi har tyvärr inte kunnat fatta beslut ännu, och det har gjort att allt drar ut på "
        "tiden. Du får besked av mig senast fredag 26 juni.",
        C.STATUS_UPDATE,
    ),
    (
        "Nästa steg",
        "Innan slutintervjun ber jag dig att genomföra två webbaserade tester.",
        C.REQUEST,
    ),
    (
        "Seeblick - Referenzauskunft",
        "Bevor unsere Mandantin entscheidet, darf ich Sie bitten, mir zwei Referenzpersonen "
        "zu nennen?",
        C.REQUEST,
    ),
    (
        "AW: Nachfrage zum Stand",
        "Leider verzögert sich das Auswahlverfahren. Wir gehen derzeit davon aus, Ihnen bis "
        "Ende April eine Rückmeldung geben zu können.",
        C.STATUS_UPDATE,
    ),
    (
        "Ihre Bewerbung",
        "Im Zuge dieser Neuorganisation wird die ausgeschriebene Position nicht nachbesetzt. Das "
        "Auswahlverfahren ist damit beendet.",
        C.REJECTION,
    ),
    ("Re: SV: Søknad lead arkitekt", "Supert, da sees vi torsdag!", C.INTERVIEW),
    (
        "Re: Plattformarkitekt",
        "Hei Jonas, takk for søknad! Vi har fått den og ser på alle i løpet av neste uke.",
        C.ACKNOWLEDGEMENT,
    ),
    (
        "SV: Liten oppgave til deg",
        "Det betyr at vi ikke kommer til å ansette en plattformarkitekt nå, og vi avslutter "
        "derfor prosessen. Lykke til videre!",
        C.REJECTION,
    ),
    (
        "Innstilling",
        "Du er innstilt som nummer én, og innstillingen er sendt til tilsettingsrådet. Dette er "
        "ikke et tilbud.",
        C.STATUS_UPDATE,
    ),
    (
        "Dokumenter til signering: Arbeidsavtale",
        "Du har mottatt dokumenter til signering. Signer arbeidsavtalen innen fredag.",
        C.REQUEST,
    ),
    (
        "SV: Neste steg",
        "Det er litt over rammen, men jeg tar det med til HR. Du hører fra oss tidlig neste uke.",
        C.STATUS_UPDATE,
    ),
    (
        "Your application status has changed",
        "The status of your application has changed. Log in to view it.",
        C.STATUS_UPDATE,
    ),
    (
        "Skarvik Energy has invited you to play",
        "Skarvik Energy has invited you to play our game-based assessment. Deadline: Tuesday "
        "3 February 2026, 23:59.",
        C.REQUEST,
    ),
    (
        "Action required: pre-employment documents",
        "Following your conditional offer, please upload your pre-employment documents: right "
        "to work and your degree certificate.",
        C.REQUEST,
    ),
    (
        "Change to your start date",
        "We need to change your start date to 7 September. Everything else in your offer stays "
        "the same.",
        C.STATUS_UPDATE,
    ),
    (
        "Complete your on-demand video interview",
        "We would like to invite you to complete a recorded video interview by Thursday.",
        C.INTERVIEW,
    ),
    (
        "SV: Ændring af tidspunkt for samtale",
        "Tak fordi du kom til samtale hos os. Ansættelsesudvalget har besluttet at invitere to "
        "kandidater til 2. samtale, og du er desværre ikke gået videre.",
        C.REJECTION,
    ),
    ("Re: Moving our Thursday chat", "Perfect, invite moved. See you Monday!", C.INTERVIEW),
    (
        "First conversation",
        "Thanks for your application - I'd love to have a first conversation with you. You can "
        "pick a time that suits you here: https://cal.com/someone/intro",
        C.INTERVIEW,
    ),
    (
        "Pinewell - update",
        "He was positive after your conversation. They're meeting two more candidates next week "
        "and plan to decide by Friday. I'll call you as soon as I hear anything.",
        C.STATUS_UPDATE,
    ),
    (
        "Deine Bewerbung bei Kapsel",
        "Danke für deine Bewerbung! Hast du Lust, dass wir uns diese Woche mal kennenlernen? "
        "Donnerstag vormittag wäre bei mir ideal.",
        C.INTERVIEW,
    ),
    (
        "Deine Bewerbung bei Donaublau",
        "Wir haben inzwischen eine Entscheidung getroffen und die Stelle an jemand anderen "
        "vergeben.",
        C.REJECTION,
    ),
    (
        "Melding om søknaden din",
        "Vi har no gjennomført intervju. Du nådde dessverre ikkje opp i konkurransen denne "
        "gongen. Lukke til vidare.",
        C.REJECTION,
    ),
    (
        "Avslutning av prosessen",
        "Direktoratet har besluttet å ikke tilsette i stillingen nå. Denne "
        "rekrutteringsprosessen avsluttes dermed.",
        C.REJECTION,
    ),
    (
        "SV: Oppsummering av telefonsamtale",
        "Som lovet gir jeg deg beskjed: førsteinnstilte kandidat har nå takket ja til "
        "stillingen, og stillingen er dermed besatt.",
        C.REJECTION,
    ),
    ("Kontrollsanksjon ilagt", "Kontrollsanksjon for parkering. Forfallsdato 1. mai.", C.UNRELATED),
    (
        "Godt nyt",
        "Så kom svaret – Odense Kølesystemer vil meget gerne tilbyde dig barselsvikariatet!",
        C.OFFER,
    ),
    ("Tilbud", "Vi vil gjerne tilby deg vikariatet som sykepleier fra 1. juni.", C.OFFER),
    # Someone else being away is no automatic reply.
    (
        "Materialplanerare",
        "Jag har tagit över rekryteringen efter Anna, som är föräldraledig. Tack för ditt mejl. "
        "Vi har därför valt att gå vidare med en kandidat vars bakgrund ligger närmare.",
        C.REJECTION,
    ),
    # A pause is not an end: the application stays alive.
    (
        "Rekryteringen är pausad",
        "Styrelsen ser över budgeten och rekryteringen är därför pausad till efter sommaren. "
        "Din ansökan ligger kvar.",
        C.STATUS_UPDATE,
    ),
    (
        "Update on the Analyst role",
        "We have had to pause the recruitment until the new budget is approved in September.",
        C.STATUS_UPDATE,
    ),
    (
        "Opdatering",
        "Rekrutteringen er midlertidigt sat på pause, vi vender tilbage i august.",
        C.STATUS_UPDATE,
    ),
    (
        "Re: Senior Analyst",
        "A hard one to call, but we are going with someone whose background sits closer to "
        "the team's work. You were a close second.",
        C.REJECTION,
    ),
    (
        "AW: Ihre Bewerbung",
        "Ich hätte Ihnen gern Besseres berichtet: die Position wird intern nachbesetzt.",
        C.REJECTION,
    ),
    (
        "Einladung: Fachtagung Risikomodelle",
        "Fachtagung am Dienstag, 14. April 2026, 09:30 Uhr, mit anschließendem Networking. "
        "Jetzt anmelden, die Plätze sind begrenzt.",
        C.UNRELATED,
    ),
    (
        "Kaffe?",
        "Har du lyst til å komme innom på en kopp kaffe og en prat om stillingen neste uke?",
        C.INTERVIEW,
    ),
    ("Re: telefon", "Flott. Ringer deg 09.15 i morgen.", C.INTERVIEW),
    (
        "SV: Invitasjon til intervju",
        "Takk for at du kom. Etter ein grundig runde har vi landa på ein annan kandidat. Vi "
        "ønskjer deg lukke til vidare.",
        C.REJECTION,
    ),
    (
        "Ihre Bewerbung - Kennziffer 12/2026",
        "die Stelle in der Bußgeldstelle (Kennziffer 12/2026), um die Sie sich beworben haben, "
        "ist inzwischen besetzt.",
        C.REJECTION,
    ),
    (
        "Your application",
        "We have completed our review and decided to move forward with a small number of "
        "candidates whose experience sits closer to the brief.",
        C.REJECTION,
    ),
    (
        "Lagerjobbet",
        "Hej! Har läst din ansökan och vill gärna ta ett kort snack på telefon. Funkar fredag 9?",
        C.INTERVIEW,
    ),
    (
        "Ihre Unterlagen",
        "Haben Sie Zeit, am Montag bei uns in der Werkstatt vorbeizuschauen? Ich zeige Ihnen alles.",
        C.INTERVIEW,
    ),
    (
        "Zum Stand Ihrer Bewerbung",
        "Die Vorstellungsgespräche sind erst für Anfang Mai vorgesehen. Wir melden uns, sobald "
        "feststeht, wen wir einladen.",
        C.STATUS_UPDATE,
    ),
    (
        "Ihre Bewerbung",
        "Wir haben uns anders entschieden; der Kandidat hat unser Angebot inzwischen angenommen.",
        C.REJECTION,
    ),
    (
        "Re: Analyst role",
        "A quick note to close the loop: another applicant has accepted our offer.",
        C.REJECTION,
    ),
    (
        "Re: Tekster",
        "Vi vil gerne have dig med på holdet! Udkast til kontrakt kommer i morgen.",
        C.OFFER,
    ),
    (
        "AW: Unterlagen",
        "Ihre Angaben sind vollständig. Das Gremium wird am 4. Mai abschließend beraten; wir werden "
        "Sie spätestens bis zum 8. Mai über den Entscheid informieren.",
        C.STATUS_UPDATE,
    ),
    (
        "Sv: Sluttintervju",
        "Lønnsforventningen din er innenfor rammen. Passer det med intervju tirsdag kl. 13?",
        C.INTERVIEW,
    ),
    (
        "Velkommen om bord",
        "Så godt at du har takket ja til vores tilbud. Vi ses 1. marts!",
        C.OFFER,
    ),
]


@pytest.mark.parametrize(
    "body",
    [
        "Det innebär inte att tjänsten är tillsatt, vi återkommer i augusti.",
        "Dette betyr ikke at stillingen er besatt; vi tar kontakt igjen i august.",
        "This does not mean that the position has been filled. We will be back in touch in August.",
        "Das heißt nicht, dass wir uns für einen anderen Kandidaten entschieden haben. Wir melden "
        "uns im August.",
    ],
)
def test_what_a_message_says_it_does_not_mean_is_no_refusal(body: str) -> None:
    result = classify(message("Zur Ihrer Bewerbung"), body, use_model=False)
    assert result.category is not C.REJECTION, result.reasons


@pytest.mark.parametrize(("subject", "body", "expected"), EVERYDAY)
def test_everyday_phrasing(subject: str, body: str, expected: Category) -> None:
    result = classify(message(subject), body)
    assert result.category is expected, result.reasons


def test_an_offer_the_model_misreads_is_asked_about_not_lost() -> None:
    subject = "Offer!"
    body = (
        "Congratulations! Corrib Systems would like to offer you the QA Automation Engineer "
        "role. References all came back glowing."
    )
    assert classify(message(subject), body, use_model=False).category is C.OFFER
    result = classify(message(subject), body)
    # Whatever the model makes of it, an offer the rules read is not overruled without asking.
    assert result.category is C.OFFER or (
        result.confidence < 0.7 and "the rules said offer" in result.reasons[-1]
    )


def test_a_weekday_must_be_a_word_of_its_own() -> None:
    # "aktuellen" holds "tue"; that is no Tuesday, so "passt" here agrees to no time.
    result = classify(
        message("Deine Bewerbung"),
        "Leider müssen wir dir mitteilen, dass wir uns für Kandidaten entschieden haben, "
        "deren Profil besser zu den aktuellen Anforderungen passt.",
        use_model=False,
    )
    assert result.category is C.REJECTION
    assert not any("interview" in r for r in result.reasons), result.reasons


def test_an_applicant_tracking_system_on_a_job_board_domain_is_not_a_newsletter() -> None:
    result = classify(
        message("Kvittering", "Kommune via Jobbnorge <noreply@jobbnorge.no>"),
        "Vi bekrefter at vi har mottatt søknaden din.",
    )
    assert result.category is C.ACKNOWLEDGEMENT
    assert result.confidence >= 0.7


def test_an_event_newsletter_from_an_employer_stays_a_newsletter() -> None:
    result = classify(
        message(
            "You're invited: Design Night",
            "Mosaik <events@mosaik.example>",
            list_unsubscribe="<https://lists.example/u>",
            list_id="design <d.lists.example>",
            precedence="bulk",
        ),
        "Thursday 28 May · 17:30. Talks and drinks. You are receiving this email because you "
        "signed up. Unsubscribe.",
    )
    assert result.category is C.UNRELATED


def test_an_automatic_acknowledgement_is_an_acknowledgement() -> None:
    result = classify(
        message("Eingangsbestätigung Ihrer Bewerbung", precedence="auto_reply"),
        "Vielen Dank für Ihre Bewerbung. Wir prüfen Ihre Unterlagen.",
    )
    assert result.category is C.ACKNOWLEDGEMENT
    out_of_office = classify(
        message("Re: my application", precedence="auto_reply"),
        "I am out of the office until Monday with limited access to email.",
    )
    assert out_of_office.category is C.AUTO_REPLY


def test_an_automatic_answer_to_a_question_is_an_automatic_reply() -> None:
    # It confirms the person's message arrived, not their application.
    result = classify(
        message("Automatische Antwort: Re: Ihr Vertragsangebot", auto_submitted="auto-replied"),
        "Vielen Dank für Ihre Nachricht. Dies ist eine automatisch generierte "
        "Eingangsbestätigung. Wir bearbeiten Ihr Anliegen innerhalb von zwei Werktagen.",
    )
    assert result.category is C.AUTO_REPLY
    receipt = classify(
        message("Automatiskt svar: Ansökan lärare", auto_submitted="auto-replied"),
        "Tack för din ansökan! Detta är ett automatiskt svar. Vi bekräftar att vi har tagit "
        "emot din ansökan.",
    )
    assert receipt.category is C.ACKNOWLEDGEMENT
    away = classify(
        message("Automatiskt svar: Re: lägesrapport", auto_submitted="auto-replied"),
        "Tack för ditt mejl! Jag sitter i intervjuer och har begränsad tillgång till mejl. "
        "Jag återkommer senast onsdag.",
    )
    assert away.category is C.AUTO_REPLY


def test_the_rules_read_a_receipt_that_also_asks_for_a_test_as_a_sure_receipt() -> None:
    # The learned model may call it a request, as some test authors did; both are fair.
    result = classify(
        message("Application Received"),
        "We confirm that we have received your application. As a next step, please complete "
        "our online assessment within five days.",
        use_model=False,
    )
    assert result.category is C.ACKNOWLEDGEMENT
    assert result.confidence >= 0.7


def test_an_automatic_reply_repeats_the_subject_it_answers() -> None:
    # "Automatisk svar: Re: Invitation til samtale" is no invitation.
    result = classify(
        message(
            "Automatisk svar: Re: Invitation til samtale – Specialkonsulent",
            auto_submitted="auto-replied",
        ),
        "Dette er et automatisk svar. Postkassen bliver ikke læst.",
    )
    assert result.category is C.AUTO_REPLY


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        (r"a|b", ["a", "b"]),
        (r"(?:a|b)c", ["(?:a|b)c"]),
        (r"[|]x|y", ["[|]x", "y"]),
        (r"a\|b|c", [r"a\|b", "c"]),
        (r"[^]|]z|w", ["[^]|]z", "w"]),
        ("", [""]),
    ],
)
def test_a_rule_is_run_as_its_top_level_alternatives(pattern: str, expected: list[str]) -> None:
    assert branches(pattern) == expected


def test_a_rule_counts_once_however_many_of_its_alternatives_match() -> None:
    # "regret" and "sorry to inform" are alternatives of one rule: only the first counts.
    result = classify(message("x"), "We regret this. We are sorry to inform you.")
    found = " ".join(result.reasons)
    assert "'regret'" in found
    assert "sorry to inform" not in found


def test_a_refusal_said_of_a_later_moment_is_no_refusal() -> None:
    # "when the process is closed" describes the future, not this message.
    result = classify(
        message("Status for søknad"),
        "Søknadsfristen har gått ut. Vi har mottatt mange søknader og er nå i gang med å gå "
        "gjennom dem. Alle søkere vil få skriftlig tilbakemelding når prosessen er avsluttet.",
    )
    assert result.category is C.STATUS_UPDATE, result.reasons
    closed = classify(message("Svar"), "Prosessen er avsluttet, og stillingen er besatt.")
    assert closed.category is C.REJECTION


def test_a_short_nynorsk_reply_that_agrees_to_a_time() -> None:
    result = classify(message("Re: Samtale"), "Supert, då seier vi det. Sjåast tysdag!")
    assert result.category is C.INTERVIEW


def test_an_invitation_on_a_mailing_list_is_no_interview() -> None:
    body = (
        "Liebe Kolleginnen und Kollegen, wir laden Sie herzlich zum Vortrag ein. Termin: am "
        "Mittwoch, 25. März 2026 um 16:15 Uhr, Raum B 2.14. Im Anschluss laden wir zu einem "
        "Gespräch bei Kaffee ein."
    )
    listed = message(
        "Einladung HIMF-Kolloquium 25.03.2026",
        list_id="HIMF-Kolloquium <kolloquium.lists.himf.example>",
        list_unsubscribe="<mailto:kolloquium-leave@lists.himf.example>",
        precedence="list",
    )
    assert classify(listed, body, use_model=False).category is C.UNRELATED


RULES_ALONE = [
    (
        "AW: Unterlagen",
        "Ihre Angaben sind vollständig. Das Gremium wird am 4. Mai abschließend beraten; wir "
        "werden Sie spätestens bis zum 8. Mai über den Entscheid informieren.",
        C.STATUS_UPDATE,
    ),
    (
        "Sv: Lønnsforventning og referanser",
        "Lønnsforventningen din er innenfor rammen. Passer det med intervju tirsdag kl. 13?",
        C.INTERVIEW,
    ),
    (
        "Ihre Bewerbung",
        "Wir haben uns anders entschieden; der Kandidat hat unser Angebot inzwischen angenommen.",
        C.REJECTION,
    ),
    (
        "Ihre Unterlagen",
        "Haben Sie Zeit, am Montag bei uns in der Werkstatt vorbeizuschauen? Ich zeige Ihnen alles.",
        C.INTERVIEW,
    ),
]


RULES_ALONE += [
    (
        "RE: Next steps",
        "Not the news we hoped for: someone was further along in their process, and they "
        "have offered the role to her.",
        C.REJECTION,
    ),
    (
        "Fwd: Supervisor contract",
        "See below: the clinic is filling the contract internally with one of its own nurses.",
        C.REJECTION,
    ),
    (
        "Update on the analyst role",
        "Thank you for the take-home. The board has paused all new hiring, so we're not able "
        "to go ahead with the analyst role this year.",
        C.REJECTION,
    ),
    (
        "Re: Søknad",
        "Takk for sist! Ka ser du for deg i lønn, og kor lang oppseiingstid har du?",
        C.REQUEST,
    ),
]


RULES_ALONE += [
    (
        "Takk for praten",
        "Eg har tenkt mykje på det, og har landa på å tilby stillinga til ein av vikarane våre.",
        C.REJECTION,
    ),
    (
        "Re: yard manager job",
        "Talked it over with my wife and the bank. We want you to come on as yard manager, "
        "$90,000 and a company truck.",
        C.OFFER,
    ),
    (
        "Re: Bewerbung",
        "Hätten Sie Lust, nächste Woche auf einen Kaffee in der Agentur vorbeizukommen?",
        C.INTERVIEW,
    ),
    (
        "AW: Ihre Bewerbung",
        "Der Mandant hat sich entschieden, die Position mit einer Kandidatin aus dem eigenen "
        "Haus zu besetzen.",
        C.REJECTION,
    ),
    (
        "Re: Gutachten",
        "Ich habe ehrlich gerechnet und werde die Stelle dieses Jahr gar nicht besetzen.",
        C.REJECTION,
    ),
    (
        "Re: Referenser",
        "Det drar ut lite på tiden hos oss. Du är fortfarande högst aktuell, och jag hör av mig "
        "direkt efter mötet.",
        C.STATUS_UPDATE,
    ),
]


RULES_ALONE += [
    (
        "Re: Ihre Bewerbung",
        "Bevor ich mich festlege, bespreche ich das noch mit dem Beirat. Danach melde ich mich "
        "bei Ihnen.",
        C.STATUS_UPDATE,
    ),
    ("Northwind", "References were glowing. Offer attached, call me with questions.", C.OFFER),
]


RULES_ALONE += [
    (
        "Projektleder, Mobilitet",
        "Vi er endt med at tilbyde rollen som projektleder til en kandidat med flere års "
        "erfaring fra kommunale udbud.",
        C.REJECTION,
    ),
    (
        "Lab Manager post",
        "We have shortlisted and I would very much like you to come in and meet the panel.",
        C.INTERVIEW,
    ),
]


RULES_ALONE += [
    (
        "Ses?",
        "Vill du komma förbi kontoret på fredag och ta en fika så pratar vi om tjänsten?",
        C.INTERVIEW,
    ),
    ("SV: Ses?", "9 funkar. Parkera vid grinden.", C.INTERVIEW),
    (
        "jobbet",
        "Har pratat med styrelsen. Det blir så att jag anställer ingen nu, tyvärr.",
        C.REJECTION,
    ),
    (
        "Klart",
        "Vi vill gärna att du kommer in som platschef hos oss. Ett skriftligt erbjudande kommer "
        "på måndag.",
        C.OFFER,
    ),
]


RULES_ALONE += [
    (
        "kitchen job",
        "Tomás here. can you come by the restaurant friday before service?",
        C.INTERVIEW,
    ),
]


@pytest.mark.parametrize(("subject", "body", "expected"), RULES_ALONE)
def test_the_rules_alone_read(subject: str, body: str, expected: Category) -> None:
    """Phrasings the learned model reads right already, which the rules must read too: the
    rules decide wherever the model is unsure, and for mail matched to nothing."""
    result = classify(message(subject), body, use_model=False)
    assert result.category is expected, result.reasons
