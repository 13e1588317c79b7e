"""What we know about mail senders in general: free-mail providers, applicant tracking systems.

These lists describe the world, not any one employer, so they are safe to grow: a new ATS is a
new line in `ATS_DOMAINS`.
"""

from __future__ import annotations

import functools

#: Addresses anyone can get: a sender there says nothing about the company.
FREEMAIL_DOMAINS: frozenset[str] = frozenset(
    {
        "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "hotmail.co.uk",
        "hotmail.no", "hotmail.se", "hotmail.dk", "hotmail.de", "live.com", "live.no",
        "live.se", "live.dk", "live.de", "msn.com", "yahoo.com", "yahoo.co.uk", "yahoo.no",
        "yahoo.se", "yahoo.dk", "yahoo.de", "ymail.com", "icloud.com", "me.com", "mac.com",
        "aol.com", "proton.me", "protonmail.com", "pm.me", "gmx.com", "gmx.de", "gmx.net",
        "gmx.at", "web.de", "t-online.de", "freenet.de", "posteo.de", "mailbox.org",
        "online.no", "altibox.no", "telia.com", "telia.no", "bredband.net", "comhem.se",
        "spray.se", "jubii.dk", "mail.dk", "sol.dk", "get2net.dk", "ofir.dk", "mail.com",
        "fastmail.com", "fastmail.fm", "zoho.com", "yandex.com", "yandex.ru", "tutanota.com",
        "tuta.io", "hey.com", "outlook.de", "outlook.dk", "outlook.se", "outlook.no",
    }
)  # fmt: skip

#: Applicant tracking systems: they send on behalf of many employers, so their domain alone
#: does not say which one; the company's name in the message must.
ATS_DOMAINS: frozenset[str] = frozenset(
    {
        "greenhouse.io", "greenhouse-mail.io", "lever.co", "hire.lever.co", "myworkday.com",
        "workday.com", "myworkdayjobs.com", "smartrecruiters.com", "smartrecruitersmail.com",
        "teamtailor.com", "teamtailor-mail.com", "workable.com", "workablemail.com",
        "ashbyhq.com", "ashbyhq-mail.com", "icims.com", "talent.icims.com", "jobvite.com",
        "jobvite-inc.com", "recruitee.com", "recruiteemail.com", "personio.de",
        "personio.com", "bamboohr.com", "webcruiter.no", "webcruiter.com", "reachmee.com",
        "varbi.com", "jobylon.com", "jobylon.io", "hr-manager.net", "hrmanager.net",
        "easycruit.com", "talentech.com", "breezy.hr", "breezyhr.com", "pinpointhq.com",
        "homerun.co", "successfactors.com", "successfactors.eu", "sapsf.com", "sapsf.eu",
        "taleo.net", "oraclecloud.com", "jobadder.com", "bullhorn.com", "comeet.co",
        "comeet.com", "hirehive.com", "manatal.com", "zohorecruit.com", "recman.no",
        "recman.io", "emply.com", "emply.net", "hr-on.com", "csod.com", "softgarden.de",
        "softgarden.io", "dvinci-easy.com", "dvinci.de", "rexx-systems.com", "rexx-recruitment.com",
        "join.com", "prescreen.io", "onlyfy.io", "concludis.de", "umantis.com", "kenjo.io",
        "factorialhr.com", "rippling.com", "gem.com", "dover.com", "avature.net",
        "beamery.com", "phenom.com", "eightfold.ai", "paradox.ai", "jobscore.com",
        "recruiterbox.com", "trakstar.com", "applytojob.com", "jazzhr.com", "jazz.co",
        "catsone.com", "freshteam.com", "hibob.com", "polymer.co", "welcomekit.co",
        "talentlyft.com", "hrs.no", "cvlibrary.no", "jobbnorge.no", "jobnorge.no",
        "talentsoft.com", "cornerstoneondemand.com", "ultipro.com", "ukg.com",
        "adp.com", "paylocity.com", "jobs2web.com", "hireology.com", "clearcompany.com",
        "hirebridge.com", "isolvedhire.com", "workstream.us", "fountain.com", "teamtailor.io",
    }
)  # fmt: skip

#: Words that make a company name longer without making it more distinctive.
LEGAL_SUFFIXES: frozenset[str] = frozenset(
    {
        "as", "asa", "ab", "publ", "a/s", "aps", "gmbh", "ag", "kg", "se", "ltd", "limited",
        "inc", "inc.", "llc", "plc", "oy", "oyj", "bv", "nv", "sa", "sas", "srl", "spa",
        "co", "co.", "corp", "corporation", "company", "group", "gruppen", "holding",
        "ltd.", "gmbh & co. kg", "&", "og", "und", "and", "the", "norge", "norway", "sverige",
        "sweden", "danmark", "denmark", "deutschland", "germany", "nordic", "international",
    }
)  # fmt: skip


def domain_within(domain: str, parent: str) -> bool:
    """Whether `domain` is `parent` or one of its subdomains."""
    return domain == parent or domain.endswith("." + parent)


def _suffixes(domain: str) -> list[str]:
    parts = domain.lower().split(".")
    return [".".join(parts[i:]) for i in range(len(parts) - 1)]


@functools.lru_cache(maxsize=8192)
def is_freemail(domain: str) -> bool:
    return any(s in FREEMAIL_DOMAINS for s in _suffixes(domain))


@functools.lru_cache(maxsize=8192)
def is_ats(domain: str) -> bool:
    return any(s in ATS_DOMAINS for s in _suffixes(domain))
