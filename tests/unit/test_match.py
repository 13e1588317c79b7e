"""Matching ranks evidence and answers only when one application is singled out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import pytest

from agent.classify import normalise
from agent.match import Clues, match_application
from agent.models import Address, Application, Contact, Status
from agent.quoting import strip_quotes

BACKEND = Application(
    id=1,
    company="Acme Robotics AS",
    role="Senior Backend Developer",
    status=Status.APPLIED,
    key="acme-backend",
    company_domain="acme.example",
    job_ref="AC-2026-14",
    contacts=(Contact(1, 1, "Ann Berg", "ann.berg@acme.example"),),
)
PLATFORM = Application(
    id=2,
    company="Acme Robotics AS",
    role="Platform Engineer",
    status=Status.APPLIED,
    key="acme-platform",
    company_domain="acme.example",
    job_ref="AC-2026-21",
)
GLOBEX = Application(
    id=3,
    company="Globex",
    role="Data Engineer",
    status=Status.APPLIED,
    key="globex",
    company_domain="globex.example",
    contacts=(Contact(2, 3, "Per", "per.recruits@gmail.com"),),
)
NO_DOMAIN = Application(id=4, company="Nordlys Analyse", role="Data Analyst", status=Status.APPLIED)
FREEMAIL_DOMAIN = Application(
    id=5,
    company="Tiny Startup",
    role="Developer",
    status=Status.APPLIED,
    company_domain="gmail.com",
)
APPS = [BACKEND, PLATFORM, GLOBEX, NO_DOMAIN, FREEMAIL_DOMAIN]


def clues(
    sender: str,
    subject: str = "",
    body: str = "",
    name: str = "",
    thread: Mapping[str, int] | None = None,
    forwarded: tuple[str, ...] = (),
) -> Clues:
    return Clues(
        addresses=(Address(name, sender),),
        names=normalise(name),
        subject=normalise(subject),
        text=normalise(f"{subject}\n{body}"),
        thread=thread or {},
        forwarded=tuple(Address("", f) for f in forwarded),
        written=strip_quotes(body),
    )


def test_thread_wins_over_everything() -> None:
    found = match_application(
        clues("noreply@elsewhere.example", "Re: hello", thread={"<old@x>": 3}), APPS
    )
    assert found.application == GLOBEX
    assert found.confidence >= 0.9
    assert any("thread" in r for r in found.reasons)


def test_known_contact_even_from_a_free_mail_address() -> None:
    found = match_application(clues("per.recruits@gmail.com", "Quick question"), APPS)
    assert found.application == GLOBEX
    assert found.confidence >= 0.9


def test_company_domain_and_subdomain() -> None:
    assert match_application(clues("hr@globex.example"), APPS).application == GLOBEX
    found = match_application(clues("jobs@mail.globex.example"), APPS)
    assert found.application == GLOBEX
    assert found.confidence >= 0.8


def test_free_mail_domain_is_never_company_evidence() -> None:
    found = match_application(clues("someone@gmail.com", "Hello", "Nice to meet you"), APPS)
    assert found.application is None
    assert found.confidence == 0.0


def test_ats_sender_needs_the_company_name() -> None:
    found = match_application(
        clues(
            "no-reply@greenhouse-mail.io", "Thanks for applying", "Thanks!", name="Globex Hiring"
        ),
        APPS,
    )
    assert found.application == GLOBEX
    assert any("ATS" in r for r in found.reasons)
    nameless = match_application(
        clues("no-reply@greenhouse-mail.io", "Thanks for applying", "We got it."), APPS
    )
    assert nameless.application is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("About the Platform Engineer position", PLATFORM),
        ("About your Senior Backend Developer application", BACKEND),
        ("About the backend developer role", BACKEND),  # seniority left out
        ("Regarding reference AC-2026-21", PLATFORM),
        ("Regarding reference ac 2026 14", BACKEND),
    ],
)
def test_two_applications_at_one_company_told_apart(text: str, expected: Application) -> None:
    found = match_application(clues("recruiting@acme.example", text), APPS)
    assert found.application == expected
    assert found.confidence >= 0.7
    assert {a.id for a in found.candidates} == {1, 2}


def test_two_applications_at_one_company_without_a_clue_is_a_question() -> None:
    found = match_application(clues("recruiting@acme.example", "Hello Kari", "Can we talk?"), APPS)
    assert found.application is None or found.confidence < 0.7
    assert {a.id for a in found.candidates} == {1, 2}


def test_contact_of_one_application_at_a_shared_company() -> None:
    found = match_application(clues("ann.berg@acme.example", "Hello", "Can we talk?"), APPS)
    assert found.application == BACKEND


def test_role_named_in_the_text_beats_the_contact_of_the_other_application() -> None:
    found = match_application(
        clues("ann.berg@acme.example", "Platform Engineer", "About the platform role."), APPS
    )
    assert found.application == PLATFORM


def test_company_name_alone_is_too_weak_to_act_on() -> None:
    found = match_application(
        clues("anna@agency.example", "A role at Nordlys Analyse", "They liked you."), APPS
    )
    assert found.application == NO_DOMAIN
    assert found.confidence < 0.7


def test_company_name_with_role_from_an_agency_is_enough() -> None:
    found = match_application(
        clues("anna@agency.example", "Nordlys Analyse", "Your application for Data Analyst."), APPS
    )
    assert found.application == NO_DOMAIN
    assert found.confidence >= 0.7


def test_job_reference_alone_names_the_application() -> None:
    found = match_application(clues("x@unknown.example", "Ref AC-2026-14", "Status"), APPS)
    assert found.application == BACKEND


def test_open_application_preferred_over_a_closed_one_at_the_same_company() -> None:
    old = Application(
        id=9,
        company="Globex",
        role="Data Engineer",
        status=Status.REJECTED,
        company_domain="globex.example",
    )
    found = match_application(clues("hr@globex.example", "Hi", "Hi"), [*APPS, old])
    assert found.application == GLOBEX


def test_forwarded_employer_mail_from_a_friend() -> None:
    found = match_application(
        clues("friend@gmail.com", "Fwd: Kari", "see below", forwarded=("lead@globex.example",)),
        APPS,
    )
    assert found.application == GLOBEX
    assert any("forwarded" in r for r in found.reasons)


def test_reasons_name_the_evidence() -> None:
    found = match_application(clues("ann.berg@acme.example", "Backend Developer"), APPS)
    joined = " ".join(found.reasons)
    assert "contact ann.berg@acme.example" in joined
    assert "domain acme.example" in joined


CHECKOUT = Application(
    id=11,
    company="Fjordpay",
    role="Senior Product Designer, Checkout",
    status=Status.APPLIED,
    company_domain="fjordpay.example",
)
DESIGN_SYSTEM = Application(
    id=12,
    company="Fjordpay",
    role="Lead Designer, Design System",
    status=Status.APPLIED,
    company_domain="fjordpay.example",
)
TWO_DESIGN_ROLES = [CHECKOUT, DESIGN_SYSTEM]


def test_a_short_word_inside_another_role_title_does_not_name_that_role() -> None:
    # "Designer" is a variant of "Lead Designer, Design System", but here it is only a piece
    # of the Checkout title.
    found = match_application(
        clues("emma@fjordpay.example", "Senior Product Designer, Checkout – our offer"),
        TWO_DESIGN_ROLES,
    )
    assert found.application == CHECKOUT
    assert found.confidence >= 0.7


def test_the_team_part_of_a_role_title_tells_two_roles_apart() -> None:
    found = match_application(
        clues("emma@fjordpay.example", "Next step: design exercise (Checkout)"), TWO_DESIGN_ROLES
    )
    assert found.application == CHECKOUT
    assert any("role-part" in r for r in found.reasons)


def test_both_roles_named_on_their_own_is_a_question() -> None:
    body = (
        "Thanks for applying to the Senior Product Designer role in our Checkout team. "
        "I also saw your application for the Lead Designer, Design System role."
    )
    found = match_application(clues("emma@fjordpay.example", "Intro call", body), TWO_DESIGN_ROLES)
    assert found.application is None or found.confidence < 0.7


def test_a_known_contact_on_copy_vouches_for_a_private_address() -> None:
    alone = clues("joris.bakker@gmail.com", "Quick chat?", "Would you be up for a video call?")
    copied = Clues(
        addresses=alone.addresses,
        names=alone.names,
        subject=alone.subject,
        text=alone.text,
        thread={},
        copied=(Address("Ann Berg", "ann.berg@acme.example"),),
    )
    assert match_application(alone, APPS).application is None
    found = match_application(copied, APPS)
    assert found.application == BACKEND
    assert any("(copied)" in r for r in found.reasons)
    assert found.confidence >= 0.7


def test_company_and_whole_role_title_from_a_private_address_is_enough() -> None:
    found = match_application(
        clues(
            "jon.are@gmail.com",
            "Stillingen",
            "Hilde sendte meg søknaden din. Har du tid til en samtale om stillingen som "
            "Data Analyst hos Nordlys Analyse?",
        ),
        APPS,
    )
    assert found.application == NO_DOMAIN
    assert found.confidence >= 0.7


def test_company_as_the_sender_name_of_an_unknown_system() -> None:
    found = match_application(
        clues(
            "no-reply@hiring-tool.example",
            "Invitation: Second interview",
            name="Nordlys Analyse",
        ),
        APPS,
    )
    assert found.application == NO_DOMAIN
    assert found.confidence >= 0.7
    in_subject_only = match_application(
        clues("no-reply@hiring-tool.example", "Nordlys Analyse: second interview"), APPS
    )
    assert in_subject_only.confidence < 0.7


def test_a_known_contact_writing_from_a_private_address_by_name() -> None:
    found = match_application(
        clues("ann.b.private@gmail.com", "Quick chat?", "Hi, could we talk Tuesday?", "Ann Berg"),
        APPS,
    )
    assert found.application == BACKEND
    assert found.confidence >= 0.7
    assert any("the name of contact" in r for r in found.reasons)
    # A network's notice in the contact's name is not the contact writing.
    assert not found.personal


def test_an_agency_contact_recorded_with_the_agency_in_brackets() -> None:
    agency = Application(
        id=21,
        company="Hafenkante Logistik",
        role="UX Researcher",
        status=Status.APPLIED,
        contacts=(Contact(9, 21, "Jan Petersen (Talentbrücke)", None),),
    )
    found = match_application(
        clues(
            "j.petersen@talentbruecke.example", "Rückmeldung", name="Jan Petersen | Talentbrücke"
        ),
        [*APPS, agency],
    )
    assert found.application == agency


def test_the_company_domain_in_a_private_senders_signature() -> None:
    body = "I'm helping Nordlys Analyse hire for the role.\n--\nMarcus\nnordlysanalyse.example"
    without = match_application(clues("marcus@gmail.com", "Nordlys Analyse - quick chat?"), APPS)
    assert without.confidence < 0.7
    nordlys = Application(
        id=31,
        company="Nordlys Analyse",
        role="Data Analyst",
        status=Status.APPLIED,
        company_domain="nordlysanalyse.example",
    )
    found = match_application(
        clues("marcus@gmail.com", "Nordlys Analyse - quick chat?", body), [nordlys]
    )
    assert found.application == nordlys
    assert found.confidence >= 0.7
    assert any("nordlysanalyse.example in the text" in r for r in found.reasons)


def test_the_first_word_of_the_company_in_a_testing_vendors_sender_name() -> None:
    rhenania = Application(
        id=32, company="Rhenania Leben", role="Risikocontroller", status=Status.APPLIED
    )
    found = match_application(
        clues(
            "noreply@tests.example",
            "Einladung zu den Online-Verfahren",
            name="Rhenania Lebensversicherung AG über PsyMetrica",
        ),
        [*APPS, rhenania],
    )
    assert found.application == rhenania
    assert any("first word" in r for r in found.reasons)


def test_the_persons_own_mail_to_a_friend_naming_an_employer_is_not_a_followup() -> None:
    mail_to_friend = Clues(
        addresses=(Address("Jo", "jo@friend.example"),),
        names="jo",
        subject="two offers?!",
        text=normalise("two offers?!\nAcme Robotics AS and Globex both said yes!"),
        thread={},
        outbound=True,
    )
    found = match_application(mail_to_friend, APPS)
    assert found.application is None
    assert found.confidence == 0.0
    assert found.candidates == ()


@pytest.mark.parametrize(
    ("role", "written"),
    [
        ("Communication and Visibility Officer", "Communication & Visibility Officer"),
        ("MYP Language and Literature teacher", "MYP Language & Literature: next step"),
        ("Salg og marked", "salg & marked"),
    ],
)
def test_a_role_is_named_however_its_and_is_written_and_without_its_closing_noun(
    role: str, written: str
) -> None:
    app = Application(id=9, company="Nordlys Skole", role=role, status=Status.APPLIED)
    found = match_application(
        clues("rachel@agency.example", subject=f"Nordlys Skole – {written}"), [app, *APPS]
    )
    assert found.application == app
    assert any(r.startswith("role ") for r in found.reasons)


def test_a_two_word_title_keeps_its_noun() -> None:
    # "Liquidity Risk" alone is a team, not the role "Liquidity Risk Specialist".
    app = Application(
        id=9, company="Alpenrand", role="Liquidity Risk Specialist", status=Status.APPLIED
    )
    found = match_application(
        clues("hr@alpenrand.example", subject="Alpenrand", body="our Liquidity Risk team"), [app]
    )
    assert not any(r.startswith("role ") for r in found.reasons)


def two_roles(
    company: str,
    first: str,
    second: str,
    domain: str | None = None,
    refs: tuple[str, str] = ("", ""),
    second_contact: str | None = None,
) -> tuple[Application, Application]:
    """Two applications at one company, as the person entered them (the second one with a
    contact's address, if given)."""
    return (
        Application(
            id=101,
            company=company,
            role=first,
            status=Status.APPLIED,
            company_domain=domain,
            job_ref=refs[0] or None,
        ),
        Application(
            id=102,
            company=company,
            role=second,
            status=Status.APPLIED,
            company_domain=domain,
            job_ref=refs[1] or None,
            contacts=(Contact(1, 102, "", second_contact),) if second_contact else (),
        ),
    )


def test_a_gender_mark_inside_a_title_does_not_hide_it() -> None:
    rig, other = two_roles("Staufwerk", "Prüfingenieur Fahrwerk", "Prüfingenieur Antrieb")
    found = match_application(
        clues(
            "no-reply@test-vendor.example",
            "Online-Test: Staufwerk",
            "Im Auftrag der Staufwerk laden wir Sie als Prüfingenieur (w/m/d) Fahrwerk ein.",
        ),
        [rig, other],
    )
    assert found.application == rig
    assert found.confidence >= 0.7


def test_the_first_word_of_the_company_in_a_private_note_is_asked_about() -> None:
    depot, office = two_roles("Lagerkrona Logistik", "Teamledare, Eksjö", "Analytiker, Vetlanda")
    found = match_application(
        clues(
            "bosse.lager@gmail.com",
            "Jobbet i Eksjö",
            "Hej! Jobbet hos Lagerkrona i Eksjö, kan vi höras på telefon om det?",
        ),
        [depot, office],
    )
    assert found.application == depot  # the guess the question proposes
    assert found.confidence < 0.7  # a first name of a company is too little to act on


@pytest.mark.parametrize(
    "body",
    [
        "Bosse här, lagerchef på Lagerkrona i Eksjö. Kan vi höras på telefon om teamledarjobbet?",
        "Jag är lagerchef hos Lagerkrona i Eksjö och har läst din ansökan. Hörs vi på fredag?",
        "Hej! Kan vi höras på fredag om jobbet i Eksjö?\n\nHälsningar\nBosse Ek\nLagerchef\n"
        "Lagerkrona Logistik, Eksjö",
    ],
)
def test_a_manager_who_says_where_they_work_speaks_for_the_employer(body: str) -> None:
    depot, office = two_roles("Lagerkrona Logistik", "Teamledare, Eksjö", "Analytiker, Vetlanda")
    found = match_application(clues("bosse.lager@gmail.com", "Jobbet", body), [depot, office])
    assert found.application == depot
    assert found.confidence >= 0.7
    assert any("named by the sender as where they work" in r for r in found.reasons)


@pytest.mark.parametrize(
    "body",
    [
        # A friend's answer: the employer is named only in the person's own mail, quoted.
        "Snyggt! Lördag kl 10 funkar.\n\n/E\n\n> Var på intervjun hos Lagerkrona i Eksjö idag.",
        # A friend who is not there says where someone else is.
        "Jag hörde att du var på intervju hos Lagerkrona i Eksjö. Hur gick det?",
        # A short line that is no signature: it comes before the closing, not after it.
        "Hej!\nLagerkrona i Eksjö imorgon, lycka till\nKram Eva",
    ],
)
def test_a_friend_naming_the_employer_does_not_speak_for_it(body: str) -> None:
    depot, office = two_roles("Lagerkrona Logistik", "Teamledare, Eksjö", "Analytiker, Vetlanda")
    found = match_application(clues("erik.lund@hotmail.com", "Re: idag", body), [depot, office])
    assert found.confidence < 0.7
    assert not any("where they work" in r for r in found.reasons)


def test_a_generic_first_word_does_not_name_the_employer_signed_in_full() -> None:
    riffel = Application(
        id=1, company="Hotel Riffelstern", role="Küchenchef", status=Status.APPLIED
    )
    schnee = Application(
        id=2, company="Hotel Schneekristall", role="Souschef", status=Status.APPLIED
    )
    body = "Passt Ihnen Montag?\n\nSchöne Grüße\nSepp Huber\nHotel Schneekristall\nObertauern"
    found = match_application(clues("sepp@gmx.at", "Gespräch", body), [riffel, schnee])
    assert found.application == schnee


def test_a_title_is_known_by_its_initials() -> None:
    sre, platform = two_roles(
        "Fjordstrøm", "Senior Site Reliability Engineer", "Platform Engineer", "fjordstrom.example"
    )
    found = match_application(
        clues(
            "marte@fjordstrom.example",
            "System design interview - Senior SRE",
            "Here is the invitation for the Senior SRE role. You will meet our Head of Platform.",
        ),
        [sre, platform],
    )
    assert found.application == sre


def test_the_branch_named_tells_two_identical_titles_apart_without_an_employer() -> None:
    solbacka, raby = two_roles(
        "Norrsunda kommun",
        "Biblioteksansvarig, Solbacka bibliotek",
        "Biblioteksansvarig, Råby bibliotek",
    )
    found = match_application(
        clues(
            "maria.holm@gmail.com",
            "Intervju Solbacka bibliotek",
            "Vi vill gärna träffa dig för en intervju om tjänsten som biblioteksansvarig.",
        ),
        [solbacka, raby],
    )
    assert found.application == solbacka
    assert found.confidence < 0.7  # a title alone is asked about


def test_what_a_message_says_it_relates_only_to_decides_over_the_other_roles_reference() -> None:
    psv, ahts = two_roles(
        "Storvik Offshore",
        "Teknisk inspektør PSV-flåten",
        "Teknisk inspektør AHTS-flåten",
        "storvik.example",
        ("5501", "5502"),
    )
    found = match_application(
        clues(
            "hr@storvik.example",
            "Ang. din søknad",
            "Stillingen er besatt. Dette gjelder kun PSV-stillingen. Søknaden din på "
            "AHTS-flåten (ref. 5502) behandles videre som før.",
        ),
        [psv, ahts],
    )
    assert found.application == psv


@pytest.mark.parametrize(
    ("role", "text"),
    [
        ("Programmmanagerin Wissenschaft", "die Position Programmmanager/in Wissenschaft"),
        ("Koordinator/in Qualitätsmanagement", "als Koordinatorin Qualitätsmanagement"),
        ("Referent:in Presse", "die Stelle Referent Presse"),
    ],
)
def test_a_german_title_is_known_in_any_feminine_spelling(role: str, text: str) -> None:
    app = Application(id=1, company="Imhoff-Stiftung", role=role, status=Status.APPLIED)
    found = match_application(clues("berater@agentur.example", "Rückfrage", text), [app])
    assert found.application == app
    assert any(r.startswith("role ") for r in found.reasons)


def test_a_contact_recorded_with_academic_titles_is_known_by_name() -> None:
    app = Application(
        id=1,
        company="Universität Rheinknie",
        role="Koordinatorin",
        status=Status.APPLIED,
        contacts=(Contact(1, 1, "Prof. Dr. Regula Meier", "regula.meier@uni.example"),),
    )
    found = match_application(clues("r.meier@bluewin.ch", "Gespräch", "", "Regula Meier"), [app])
    assert found.application == app
    assert found.confidence >= 0.7


def test_the_title_in_the_subject_tells_two_roles_apart_over_one_in_the_body() -> None:
    lead, vice = two_roles("Fynbo Gymnasium", "Uddannelsesleder for HF", "Vicerektor", "fynbo.dk")
    found = match_application(
        clues(
            "rektor@fynbo.dk",
            "Invitation til samtale – uddannelsesleder for HF",
            "Udvalget består af mig, vicerektor Ole Holm og en lærer. Passer tirsdag kl. 14?",
        ),
        [lead, vice],
    )
    assert found.application == lead
    assert found.confidence >= 0.7


def test_both_titles_named_and_a_contact_of_one_is_still_a_question() -> None:
    lead, vice = two_roles(
        "Fynbo Gymnasium",
        "Uddannelsesleder for HF",
        "Vicerektor",
        "fynbo.dk",
        second_contact="rektor@fynbo.dk",
    )
    found = match_application(
        clues(
            "rektor@fynbo.dk",
            "Samtale",
            "Samtale om stillingen som uddannelsesleder for HF; vicerektor Ole Holm deltager.",
        ),
        [lead, vice],
    )
    assert found.confidence < 0.7
    assert {a.id for a in found.candidates} == {lead.id, vice.id}


@pytest.mark.parametrize(
    "body",
    [
        "Jag heter Sofia och är konsult på Kulturkraft. Vi hjälper Lyra\nKonserthus att "
        "rekrytera en producent, och jag har läst din ansökan.",
        "ich begleite im Auftrag meiner Mandantin, der Lyra Konserthus, die Besetzung der Stelle.",
        "I'm recruiting on behalf of our client, Lyra Konserthus, and have read your CV.",
    ],
)
def test_an_agency_that_says_whom_it_recruits_for_speaks_for_that_employer(body: str) -> None:
    lyra = Application(id=1, company="Lyra Konserthus", role="Producent", status=Status.APPLIED)
    found = match_application(clues("sofia@kulturkraft.example", "Kort samtal?", body), [lyra])
    assert found.application == lyra
    assert found.confidence >= 0.7


def test_a_reply_naming_the_company_again_adds_nothing_to_the_question_of_its_thread() -> None:
    """A friend's note naming the employer waits for review; the person's answer, which
    names it again (or quotes it), is no surer than the question was."""
    app = Application(id=1, company="Places Wales", role="Policy Adviser", status=Status.APPLIED)
    note = clues(
        "huw.bevan@btinternet.com",
        "RE: and a pint?",
        "Places Wales have invited me to interview as well. Thursday the 12th for that pint?",
    )
    found = match_application(replace(note, pending={"<h1@bt.example>": (1, 0.48)}), [app])
    assert found.application == app
    assert found.confidence < 0.7


def test_words_of_one_title_in_the_subject_tell_two_roles_apart() -> None:
    bodo, alesund = two_roles(
        "Nordkyst Hotell", "Hotelldirektør Bodø", "Revenue Manager Ålesund", "nordkyst.example"
    )
    found = match_application(
        clues(
            "rekruttering@nordkyst.example",
            "Takk for søknaden – Revenue Manager, Nordkyst Hotell Ålesund",
            "Hotelldirektør Eirik Solheim er ansvarlig for rekrutteringen.",
        ),
        [bodo, alesund],
    )
    assert found.application == alesund
    assert found.confidence >= 0.7
