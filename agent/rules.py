"""The classifier's rules as data: which words, headers and senders point to which category.

Each `Rule` adds its weight to one category when its pattern is found in one place of the
message. Patterns are regular expressions over *lower-cased* text with whitespace collapsed,
written as general phrases in English, Norwegian, Swedish, Danish and German: never sentences
from any one employer. A negative weight speaks against a category ("unable to offer you").

Places (`where`):
  subject      the Subject line (its weight is reduced in replies, which repeat old subjects)
  body         what the sender wrote in this message (quotes and signature cut off)
  any          subject and body (counted once)
  sender       the From display name and address
  header:NAME  the value of header NAME (pattern "" means: the header is present)
  calendar     "request …", "cancel …" plus the event's title, for a message with an invitation

`structural` rules say how a message was sent (bulk, list headers) rather than what it says:
they can support a job alert but never make one on their own.
"""

from __future__ import annotations

from dataclasses import dataclass

from agent.models import Category

ACK = Category.ACKNOWLEDGEMENT
INTERVIEW = Category.INTERVIEW
OFFER = Category.OFFER
REJECTION = Category.REJECTION
REQUEST = Category.REQUEST
STATUS = Category.STATUS_UPDATE
AUTO = Category.AUTO_REPLY
ALERT = Category.JOB_ALERT
UNRELATED = Category.UNRELATED


@dataclass(frozen=True)
class Rule:
    category: Category
    pattern: str
    weight: float = 2.0
    where: str = "any"
    structural: bool = False


# Shared fragments (lower-case text).
_APP = r"(?:job |online )?(?:application|candidacy|candidature|cv|resume|résumé|documents|materials|submission|application materials)"
_SOKNAD = r"(?:søknad(?:en)?(?: din)?|din søknad|dine (?:søknadsdokumenter|dokumenter)|ansøgning(?:en)?|din ansøgning|dine ansøgningsmaterialer|ansøgningsmaterialer|ansökan|ansökningen|din ansökan|dina (?:handlingar|ansökningshandlingar|dokument)|ansökningshandlingar)"
_PERSON = r"(?:candidates?|applicants?|persons?|people|individuals?|someone|somebody|profiles?)"
_PERSON_NORDIC = r"(?:kandidat(?:er|en)?|søker(?:e|en)?|søgere?|ansøger(?:e|en)?|sökande|person(?:er|en)?|profil(?:er)?)"
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|tues|wed|thu|thur|thurs|fri|man\.|tir\.|tirs\.|ons\.|tor\.|tors\.|fre\.|mån|tis|mo\.|di\.|mi\.|do\.|fr\.|mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag|måndag|tisdag|lördag|söndag|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)"
#: A clock time: "14:00", "kl. 14", "klokka 14", "um 14 uhr", "2 pm".
#: A weekday as a word of its own ("tue" is not a day in "aktuellen").
_WEEKDAY = r"\b" + _DAY + r"(?![^\W\d_])"
_TIME = r"(?:\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b|\b(?:kl\.? ?|klokka |klockan |um )(?:[01]?\d|2[0-3])\b|\b(?:[01]?\d|2[0-3]) ?(?:am|pm|a\.m\.|p\.m\.|uhr)(?!\w))"
#: A reply that agrees to a time: "thursday works", "kl 10 passer fint", "10.30 er perfekt".
_AGREES = r"(?:works|suits|is (?:perfect|great|fine|good)|sounds (?:good|great|perfect)|passer|passar|passt|er perfekt|är perfekt|ist perfekt|fungerer|funkar|fungerar|geht klar|går fint|går bra)"
_CONDITIONAL = r"(?:if|unless|whether|should you|in case|dersom|hvis|ifall|om du|om ni|såfremt|i fald|falls|sofern|wenn|sollten sie|solltest du)"

# fmt: off
RULES: tuple[Rule, ...] = (
    # ---- acknowledgement --------------------------------------------------------------------
    Rule(ACK, r"\b(?:we|i) ?(?:have|'ve|has) (?:now |successfully |already )?(?:received|got|gotten) your " + _APP, 3.5),
    Rule(ACK, r"\b(?:we|i) (?:successfully )?received your " + _APP, 3.0),
    Rule(ACK, r"your " + _APP + r"(?: for [^.]{1,80}?)? (?:has been|was|is|have been) (?:successfully |safely )?(?:received|submitted|registered|delivered|sent)", 3.5),
    Rule(ACK, r"(?:confirm(?:ing)?|confirmation of|acknowledge|acknowledging) (?:the )?(?:safe )?receipt of your " + _APP, 3.5),
    Rule(ACK, r"thank(?:s| you) (?:so much |very much )?for (?:your " + _APP + r"|applying|submitting your|sending (?:us )?your)", 2.5),
    Rule(ACK, r"thank(?:s| you) (?:so much |very much )?for your interest in (?:joining|working|the position|the role|our)", 1.5),
    Rule(ACK, r"thank(?:s| you) for your interest\b", 1.0),
    Rule(ACK, r"your " + _APP + r"(?: for [^.]{1,80}?)? (?:is|has) (?:now )?(?:in|arrived|landed|come through|reached us|been received|been submitted|complete)\b", 3.5),
    Rule(ACK, r"(?:this (?:e-?mail|message) confirms|we can confirm|we confirm) (?:that )?(?:we (?:have|'ve) (?:got )?(?:received )?your|(?:the )?receipt of your|your " + _APP + r")|we ?(?:have|'ve) got your " + _APP, 3.5),
    Rule(ACK, r"(?:read|reads|review|reviews|look at|looks at) (?:every|each|all) (?:single )?(?:one|application|applications|cv)|expect to hear (?:back )?from (?:us|a (?:human|person|member of our team))|(?:we|someone|a recruiter|our team)(?: will|'ll) (?:be in touch|get in touch|reach out|contact you) (?:if|once|when|after|should)", 1.5),
    Rule(ACK, r"(?:we|our (?:team|recruiters?|hiring team|recruitment team)|the (?:hiring|recruiting|recruitment) team|(?:our|the) (?:hiring|recruiting) manager) (?:will|'ll|is|are) (?:now |carefully |soon |currently )?(?:review|reviewing|look at|looking at|go through|going through|assess|evaluate|consider) (?:it|your|all|the) ?(?:" + _APP + r"|applications)?", 2.0),
    Rule(ACK, r"(?:presented|submitted|forwarded|sent|introduced|passed) your (?:profile|cv|resume|application|details) (?:on )?to|(?:presentert|sendt|videresendt) (?:din profil|cv-en din|søknaden din|deg) (?:videre )?til|(?:presenterat|skickat) (?:din profil|ditt cv|dig) (?:vidare )?till|(?:præsenteret|sendt) (?:din profil|dit cv|dig) (?:videre )?til|(?:ihr|dein) profil (?:an|bei) [^.]{0,30}?(?:vorgestellt|weitergeleitet)", 3.5),
    Rule(ACK, r"if (?:your|you(?:r)?) (?:profile|experience|background|qualifications|skills|application) (?:matches|match|fits|meets|aligns|is a (?:good )?(?:match|fit))", 1.5),
    Rule(ACK, r"(?:if|should) (?:you are|you're|we (?:would|'d) like to|we decide to|we want to) (?:selected|shortlisted|invited|move forward|proceed|progress|invite you|take (?:it|your application) further)", 2.0),
    Rule(ACK, r"(?:you will|you'll) hear from us (?:either way|regardless|whatever|whether)|(?:all|every) (?:applicants?|candidates?) will (?:receive|get|hear)", 1.5),
    Rule(ACK, r"application (?:received|confirmation|submitted)|(?:we|i) ?(?:have|'ve) received your|thank(?:s| you) for (?:your application|applying)|confirmation of (?:your )?application", 2.0, "subject"),
    # Norwegian
    Rule(ACK, r"takk for (?:din søknad|søknaden|at du søkte|at du har søkt|at du sendte|at du sende|søknad og cv)", 2.5),
    Rule(ACK, r"takk for (?:din )?interesse for stillingen", 1.5),
    Rule(ACK, r"takk for (?:interessen|din interesse)\b", 1.0),
    Rule(ACK, r"(?:vi|jeg) har (?:nå |no )?(?:mottatt|fått|fått inn|registrert|motteke) " + _SOKNAD, 3.5),
    Rule(ACK, r"(?:din søknad|søknaden din|søknaden)(?: på| til| som| om)?[^.]{0,80}? er (?:nå )?(?:mottatt|registrert|levert|sendt inn|kommet fram)", 3.5),
    Rule(ACK, r"(?:bekreftelse på|kvittering for|vi bekrefter) (?:at )?(?:mottatt )?søknad", 3.5),
    Rule(ACK, r"(?:vi|vi vil|vi skal|vi kommer til å) (?:nå )?(?:gå gjennom|vurdere|se på|behandle) (?:søknaden|din søknad|søknadene|alle søknader|alle søknadene)", 2.0),
    Rule(ACK, r"(?:dersom|hvis|om) du (?:blir|går) (?:valgt ut|innkalt|videre|aktuell)|alle søkere (?:vil )?få(?:r)? (?:svar|beskjed)", 2.0),
    Rule(ACK, r"søknad (?:mottatt|registrert)|(?:bekreftelse|kvittering)(?: på| for)? (?:mottatt )?søknad|søknad(?:en)? er mottatt", 2.0, "subject"),
    Rule(ACK, r"stadfest(?:ing|ar|er) (?:på |av )?(?:at )?(?:vi har )?(?:motteke|mottatt|motteken)|motteke(?:n)? søknad|søknaden (?:din )?er motteken", 3.0),
    Rule(ACK, r"stadfesting|motteken søknad|søknad motteken", 2.0, "subject"),
    # Swedish
    Rule(ACK, r"tack för (?:din ansökan|att du (?:har )?sökt|att du skickade|din intresseanmälan)", 2.5),
    Rule(ACK, r"tack för (?:ditt )?intresse för tjänsten", 1.5),
    Rule(ACK, r"tack för (?:ditt )?intresse\b", 1.0),
    Rule(ACK, r"(?:vi|jag) har (?:nu )?(?:tagit emot|mottagit|fått|tagit del av|registrerat) " + _SOKNAD, 3.5),
    Rule(ACK, r"(?:din ansökan|ansökan)(?: till| om| för)?[^.]{0,80}? (?:har|är) (?:nu )?(?:kommit in|mottagen|registrerad|inkommen|skickad|tagits emot)", 3.5),
    Rule(ACK, r"bekräftelse på (?:mottagen |din )?ansökan|kvittens på (?:din )?ansökan", 3.5),
    Rule(ACK, r"(?:tagit emot|mottagit|fått in) " + _SOKNAD + r"|(?:mottatt|fått|registrert) " + _SOKNAD + r"|(?:modtaget|fået|registreret) " + _SOKNAD, 3.0),
    Rule(ACK, r"(?:vi kommer att|vi ska|vi kommer|vi) (?:nu )?(?:gå igenom|granska|läsa|behandla) (?:din ansökan|ansökningarna|alla ansökningar)", 2.0),
    Rule(ACK, r"om du (?:går|blir) (?:vidare|utvald|aktuell|kallad)|(?:alla|samtliga) sökande (?:kommer att )?få(?:r)? (?:besked|svar)", 2.0),
    Rule(ACK, r"ansökan (?:mottagen|registrerad|inkommen)|bekräftelse på (?:din )?ansökan|tack för din ansökan", 2.0, "subject"),
    # Danish
    Rule(ACK, r"(?:mange )?tak for (?:din ansøgning|ansøgningen|at du har søgt|at du søgte|at du sendte)", 2.5),
    Rule(ACK, r"tak for (?:din )?interesse for stillingen", 1.5),
    Rule(ACK, r"(?:bekræfter|bekrefter|bekräftar) (?:hermed |herved |härmed )?(?:modtagelsen|mottaket|mottagandet|at vi har modtaget|at vi har mottatt|att vi har tagit emot)", 3.5),
    Rule(ACK, r"tak for (?:din )?interesse\b", 1.0),
    Rule(ACK, r"(?:vi|jeg) har (?:nu )?(?:modtaget|fået|registreret) " + _SOKNAD, 3.5),
    Rule(ACK, r"(?:din ansøgning|ansøgningen)(?: til| på| om)?[^.]{0,80}? er (?:nu )?(?:modtaget|registreret|indsendt|kommet frem)", 3.5),
    Rule(ACK, r"(?:kvittering for|bekræftelse på) (?:modtagelse af |modtaget )?(?:din )?ansøgning", 3.5),
    Rule(ACK, r"(?:vi vil|vi kommer til at|vi) (?:nu )?(?:gennemgå|gennemgår|vurdere|vurderer|se på|behandle|behandler) (?:din ansøgning|ansøgningerne|alle ansøgninger)", 2.0),
    Rule(ACK, r"(?:hvis|om) du (?:går videre|bliver (?:udvalgt|indkaldt|aktuel))|du hører fra os,? uanset|alle ansøgere (?:vil )?få(?:r)? (?:svar|besked)", 2.0),
    Rule(ACK, r"ansøgning (?:modtaget|registreret)|(?:kvittering|bekræftelse) (?:for|på) (?:din )?ansøgning|tak for din ansøgning", 2.0, "subject"),
    # German
    Rule(ACK, r"(?:vielen |herzlichen |besten )?danke? (?:schön )?für (?:ihre|deine) bewerbung|danke? für (?:die |ihre |deine )?(?:übersendung|zusendung) (?:ihrer|deiner) (?:bewerbungs)?unterlagen", 2.5),
    Rule(ACK, r"dank für (?:ihr|dein) interesse\b", 1.0),
    Rule(ACK, r"(?:ihre|deine) (?:bewerbung|unterlagen|bewerbungsunterlagen)[^.]{0,80}? (?:ist|sind|wurde|wurden) (?:\w{1,20} ){0,3}(?:eingegangen|angekommen|erhalten|eingereicht)", 3.5),
    Rule(ACK, r"wir haben (?:ihre|deine) (?:bewerbung|unterlagen|bewerbungsunterlagen)[^.]{0,40}? (?:erhalten|bekommen)", 3.5),
    Rule(ACK, r"eingangsbestätigung|bewerbungseingang|empfangsbestätigung", 3.5),
    Rule(ACK, r"wir werden (?:ihre|deine) (?:bewerbungsunterlagen|bewerbung|unterlagen) (?:nun |jetzt )?(?:sorgfältig |eingehend )?(?:prüfen|sichten|durchsehen)|(?:prüfen|sichten) (?:ihre|deine) unterlagen|(?:schauen|sehen) uns (?:ihre|deine) (?:unterlagen|bewerbung) (?:\w{1,20} ){0,3}an", 2.0),
    Rule(ACK, r"(?:falls|wenn|sofern) (?:sie|du|ihr profil|dein profil) (?:in die engere (?:auswahl|wahl)|zu einem gespräch|weiterkomm|passt|passen)", 2.0),
    # ---- interview --------------------------------------------------------------------------
    Rule(INTERVIEW, r"\binterview", 1.0),
    Rule(INTERVIEW, r"\b(?:invite|invitation|inviting|invited) (?:you )?(?:to|for) (?:an?|the|our|your|a short|a first|a second) ?(?:(?:first|second|third|final|next|technical|phone|telephone|video|initial|follow-up|onsite|on-site|virtual|short|brief|informal|personal|30-minute|45-minute|one-hour)[ -])*(?:interview|conversation|chat|call|meeting|round|screen|talk)", 4.0),
    Rule(INTERVIEW, r"(?:like|love|want|happy|pleased|glad|excited) to (?:invite you|meet you|meet with you|get to know you|schedule|set up|arrange|have a (?:call|chat|conversation|talk)|talk (?:to|with) you|speak (?:to|with) you|move you forward)", 2.5),
    Rule(INTERVIEW, r"(?:schedule|book|arrange|set up|find) (?:a|an|the|your|some) (?:(?:first|second|quick|short|brief|phone|video|technical|final|next|follow-up|new|suitable|convenient|good|\d+[- ]?min(?:ute)?)[ -])*(?:interview|call|meeting|chat|conversation|time|slot)", 3.0),
    Rule(INTERVIEW, r"(?:your|let (?:me|us) know your|share your|send (?:me|us) your|check your|confirm your) availability|(?:when|what time) (?:are|would) you (?:be )?(?:available|free)", 2.5),
    Rule(INTERVIEW, r"(?:which|what) (?:times?|days?|dates?|slots?) (?:work|suit|would work|are good|fit)|(?:does|would|will) (?:that|this|it|the time|[a-z]+day) (?:work|suit) (?:for you)?", 2.0),
    Rule(INTERVIEW, r"(?:are|would) you (?:be )?(?:available|free) (?:for (?:a|an) (?:[\w-]{1,20} ){0,3}(?:call|chat|interview|meeting|conversation|video|phone)|to (?:talk|meet|chat|speak))", 2.5),
    Rule(INTERVIEW, r"(?:a couple of|some|two|three|a few|your) (?:time )?slots|send (?:me|us) (?:a couple of |some |two |three |a few )?(?:times|slots|dates) (?:that|which|when)?", 2.0),
    Rule(INTERVIEW, r"(?:are|would) you (?:be )?available (?:on|next|this|tomorrow|at|between|" + _WEEKDAY + r")", 1.5),
    Rule(INTERVIEW, r"(?:phone|video|technical|initial|recruiter) (?:screen|screening)\b|(?:video|phone|teams|zoom|intro|introductory) (?:call|chat|meeting)|continue (?:the|our) (?:conversation|discussion|dialogue)|could you do (?:a|an)", 2.0),
    Rule(INTERVIEW, r"(?:for|to) an? (?:\w{1,20} )?interview|(?:til|på) (?:et|en) (?:\w{1,20} )?(?:intervju|samtale)|(?:till|för) en (?:\w{1,20} )?(?:intervju|samtal)|(?:til|på) (?:en|et) (?:\w{1,20} )?(?:samtale|interview|jobsamtale)|zu (?:einem|einer) (?:\w{1,20} )?(?:gespräch|interview|vorstellungsgespräch|kennenlernen)|zum (?:\w{1,20} )?(?:gespräch|interview|vorstellungsgespräch|kennenlernen)", 2.0),
    Rule(INTERVIEW, r"new (?:invitation|invite|time|date)|ny (?:invitasjon|invitation|inbjudan|tid|dato|dag)|nytt tidspunkt|neue (?:einladung|terminvorschläge)|neuen termin", 1.5),
    Rule(INTERVIEW, r"\breschedul|\bpostpone (?:our|the|your) (?:interview|meeting|call)|move (?:our|the|your|it) (?:interview |meeting |call )?to (?:another|a different|next|" + _WEEKDAY + r"|\d)|(?:no longer|doesn't|does not) work (?:for us|on our side|for me)", 2.5),
    Rule(INTERVIEW, r"(?:second|final|third|next|technical) (?:round|interview|stage interview)", 2.0),
    Rule(INTERVIEW, r"calendly\.com|teams\.microsoft\.com/l/meetup|zoom\.us/j/|meet\.google\.com/|whereby\.com/", 2.0),
    Rule(INTERVIEW, r"(?:looking forward to|look forward to) (?:meeting|speaking with|talking (?:to|with)|seeing) you|you(?:'ll| will) (?:meet|be meeting|speak with|talk to) (?:me|with|our|the)", 2.0),
    Rule(INTERVIEW, r"(?:meet|meeting) the team|on-?site visit|come (?:in|by) (?:to|for|at) (?:our|the) office|at our office", 1.5),
    Rule(INTERVIEW, r"(?:morning|afternoon|slot|time) (?:is|are) (?:also )?(?:open|free|available)|could we (?:move|meet|do|have|reschedule|shift|push)", 1.5),
    Rule(INTERVIEW, _WEEKDAY + r"(?:[^.?!]|(?<=\d)\.|(?<=\bd)\.|(?<=\bkl)\.){0,60}?" + _TIME, 2.0),
    Rule(INTERVIEW, r"interview|meeting request|next steps?", 1.0, "subject"),
    Rule(INTERVIEW, r"invitation|invite", 0.5, "subject"),
    Rule(INTERVIEW, r"(?:thank(?:s| you) for (?:the|your|taking the time (?:to|for)(?: the| an| your)?|a (?:great|good|nice|lovely)) (?:interview|conversation|chat|call|meeting|time today|time yesterday)|(?:had|have had|conducted|completed|finished|held) (?:\w{1,20} ){0,3}interviews?)", -1.5),
    # Scandinavian
    Rule(INTERVIEW, r"intervju", 1.0),
    Rule(INTERVIEW, r"(?:invitere|invitasjon|innkalle|innkalling|kalle (?:deg )?inn|inviterer|invitation|indkalde|indkaldelse|bjuda in|bjuder in|inbjudan) (?:deg |dig )?(?:til |på )?(?:et |en |ett |første |andre |anden |andra |nytt |ny |personlig |kort |et kort |en kort |digitalt |teams-)?(?:intervju|samtale|møte|jobbintervju|jobintervju|jobsamtale|ansættelsessamtale|samtal|möte|interview|videointervju|telefonintervju|intervjusamtale)", 4.0),
    Rule(INTERVIEW, r"(?:ønsker|vil gjerne|vil|ønsker å|ønsker at|vil meget gerne|vil gerne) (?:å |at )?(?:invitere deg|møte deg|treffe deg|ha en (?:prat|samtale)|ta en (?:\w{1,20} )?(?:prat|samtale)|invitere dig|møde dig|mødes med dig|tale med dig|snakke med deg|prate med deg|få en (?:\w{1,20} )?(?:prat|snak))", 2.5),
    Rule(INTERVIEW, r"(?:vill gärna|skulle vilja|vill|önskar) (?:träffa dig|bjuda in dig|prata med dig|boka (?:in )?(?:ett|en)|ses|ta ett (?:\w{1,20} )?samtal)|(?:vilja|vill|kan|kunna) (?:ses|träffas|träffa oss)|träffas för", 2.5),
    Rule(INTERVIEW, r"(?:når|hvilke tidspunkt|hvilket tidspunkt|hvilke dager|hvilke tider) (?:passer|vil passe)|passer (?:det|dette|en av disse) (?:for deg|deg)|har du (?:tid|anledning)|hva med " + _DAY, 2.0),
    Rule(INTERVIEW, r"(?:när passar|vilka tider|vilken tid passar|passar det|passar någon av|har du (?:tid|möjlighet))", 2.0),
    Rule(INTERVIEW, r"(?:hvornår passer|hvilke tidspunkter|passer det dig|passer et af|har du tid|hvad med " + _WEEKDAY + r")", 2.0),
    Rule(INTERVIEW, r"(?:første|andre|neste|siste|anden|næste|sidste|första|andra|nästa|sista|tredje) (?:intervjurunde|intervjuv?runde|runde|samtalerunde|samtale|omgång|intervju)", 2.0),
    Rule(INTERVIEW, r"(?:flytte|endre|ny tid for|nytt tidspunkt for|flytta|boka om|ändra tiden för|ny tid til|rykke|omplanlægge|flytte|utsette|skyve|skyve på|utsätta|skjuta upp|udskyde|rykke) (?:på )?(?:intervjuet|møtet|samtalen|intervjun|mötet|samtalet|tidspunktet|det|interviewet|mødet)", 2.5),
    Rule(INTERVIEW, r"du (?:møter|skal møte|kommer til å møte|träffar|kommer att träffa|møder|skal møde) (?:meg|mig|oss|os|vår|vores|vårt|vår|teamet|teamleder|leder)", 2.0),
    Rule(INTERVIEW, r"jobsamtale|ansættelsessamtale|jobbintervju|\bsamtale\b|\bsamtal\b", 1.0),
    Rule(INTERVIEW, r"(?:takk for (?:intervjuet|samtalen|praten|en fin prat|en hyggelig samtale|sist|møtet|i dag|i går)|tack för (?:intervjun|samtalet|senast|mötet|i dag|i går)|tak for (?:samtalen|interviewet|sidst|mødet|i dag|i går)|(?:har hatt|hatt|har gjennomført|gjennomført|har haft|gennemført|har genomfört|genomfört|haft) (?:\w{1,20} ){0,3}(?:intervju|samtal|interview))", -1.5),
    Rule(INTERVIEW, r"intervju|samtale|samtal|møte|möte", 1.0, "subject"),
    Rule(INTERVIEW, r"invitasjon|inbjudan|invitation", 0.5, "subject"),
    # German
    Rule(INTERVIEW, r"vorstellungsgespräch|bewerbungsgespräch|kennenlerngespräch|kennenlernen|auswahlgespräch|telefoninterview|videointerview|zweitgespräch", 2.5),
    Rule(INTERVIEW, r"(?:einladen|einladung|laden (?:sie|dich) (?:gerne )?)(?: (?:sie|dich))? (?:gerne |herzlich )?(?:zu|zum|ein)\b[^.]{0,40}?(?:gespräch|interview|kennenlernen|telefonat|videocall|termin|austausch)", 4.0),
    Rule(INTERVIEW, r"(?:möchten|würden) (?:sie|dich|ihnen) (?:gerne |gern )?[^.]{0,40}?(?:kennenlernen|einladen|sprechen)", 2.5),
    Rule(INTERVIEW, r"terminvorschl|terminvereinbarung|passt (?:ihnen|dir|es ihnen)|zeitfenster|verfügbarkeit|termin(?:e)? (?:zur auswahl|vorschlagen)|hätten sie zeit|hast du zeit", 2.0),
    Rule(INTERVIEW, r"(?:termin|gespräch|interview) (?:verschieben|verlegen)|neuer termin|terminänderung|(?:verschieben|verlegen) (?:wir )?(?:den termin|das gespräch|das interview)", 2.5),
    Rule(INTERVIEW, r"danke für das (?:gespräch|interview|nette gespräch)|vielen dank für das (?:gespräch|interview)", -1.5),
    Rule(INTERVIEW, r"einladung|gespräch|termin", 1.0, "subject"),
    # Scheduling in any of the languages: agreeing to a time, a new time instead of an old
    # one, a numbered round, times proposed, being asked in again.
    Rule(INTERVIEW, r"(?:" + _TIME + r"|" + _WEEKDAY + r"|the time|the slot|tidspunktet|tiden|tidpunkten|der termin)[^.?!]{0,25}?\b" + _AGREES + r"\b", 2.0),
    Rule(INTERVIEW, r"\b(?:see you (?:then|there|on|next|tomorrow)|vi ses|vi sees|ses (?:på |da\b|då\b)|sees da|ses " + _WEEKDAY + r"|wir sehen uns|bis (?:dann|morgen)\b)", 1.5),
    Rule(INTERVIEW, r"(?:kan du|could you do|can you do|could we do|how about|what about|hva med|hvad med|vad sägs om|wie wäre es mit|passer det|passar det|geht es|ginge es)[^.?!]{0,40}?(?:i stedet|istedet|i stället|istället|stattdessen|instead)", 3.0),
    Rule(INTERVIEW, r"(?:kan du|could you do|can you do|kannst du|können sie|passt (?:ihnen|dir)) (?:på |am |on )?(?:den |d\. )?" + _WEEKDAY, 2.0),
    Rule(INTERVIEW, _WEEKDAY + r"[^.?!]{0,30}?(?:kan|kann|can|går|passer|passar|passt|works?|fungerer|klappt)(?: \w+){0,3}? (?:ikke|ikkje|inte|nicht|not|no longer|ikke længere|ikke lenger|inte längre|nicht mehr)", 2.5),
    Rule(INTERVIEW, r"\b[1-3]\. ?(?:samtale|runde|intervju|intervjurunde|samtal|samtalsrunde|gespräch|gesprächsrunde|interview|omgång|round)", 2.0),
    Rule(INTERVIEW, r"(?:se|møde|møte|treffe|träffa) (?:dig|deg) igen|(?:se|møte|treffe) deg igjen|träffa dig igen|(?:see|meet) you again|(?:sie|dich) (?:gerne )?wiedersehen", 2.5),
    Rule(INTERVIEW, r"(?:foreslået|foreslått|föreslagit|föreslår|foreslår|proposed|suggested|vorgeschlagen|schlagen (?:ihnen|dir))(?: \w+){0,2}? (?:to |tre |nogle |noen |några |two |three |some |a few |zwei |drei |einige )?(?:tider|tidspunkter|tidspunkt|tidpunkter|times|slots|dates|termine|datoer|datum)", 2.0),
    Rule(INTERVIEW, r"(?:have|få) dig ind|ha deg inn|komme (?:ind|inn) (?:på kontoret|til en|til oss|til os)|komma in (?:på kontoret|till oss|på en)|come in (?:to the office|for a)|(?:zu uns|bei uns) (?:ins büro|vorbei)", 2.0),
    Rule(INTERVIEW, r"(?:hvor|der|där|where|wo|som) du (?:vil |skal |kommer til å |kommer att |will |wirst )?(?:møder|møter|träffar|meet|triffst|hilser på|hälsar på)", 2.0),
    Rule(INTERVIEW, r"(?:bekrefte|bekræfte|bekräfta|confirm|bestätigen)[^.?!]{0,30}?(?:tidspunkt|tidpunkt|the time|the slot|tiden|termin|dato|date|datum|passer|passar|works|passt)", 2.0),
    Rule(INTERVIEW, r"(?:efter|etter|after|nach|sedan) (?:den |the |dem |det |our |vores |vårt |vår |unserem )?(?:første |1\. |first |ersten |första |forrige |last |sidste |siste |förra |letzten )?(?:samtalen|samtale|intervjuet|interviewet|interview|gespräch|samtalet|mødet|møtet|mötet)\b", -1.0),
    Rule(INTERVIEW, r"neste steg|næste skridt|nästa steg|nächste schritte?", 1.0, "subject"),
    Rule(INTERVIEW, r"(?:senast|senest|innen|inden|by|before|no later than|bis|spätestens|deadline|frist)[^.?!]{0,15}?" + _WEEKDAY + r"(?:[^.?!]|(?<=\d)\.){0,30}?" + _TIME, -2.0),
    Rule(INTERVIEW, r"(?:lust auf|zeit für|interesse an|up for|keen on|open to|interested in|lyst på|lust på|lyst til|tid til|tid för) (?:einen|ein|eine|a|an|en|et|ett) (?:[\w-]{1,20},? ){0,3}(?:call|video-call|videocall|gespräch|telefonat|kennenlernen|austausch|chat|kaffee|coffee|prat|samtale|samtal|kaffe|møte|möte|snak|fika)", 3.0),
    Rule(INTERVIEW, r"was (?:dir|ihnen) (?:am besten )?passt|wann es (?:dir|ihnen) passt", 2.0),
    Rule(INTERVIEW, r"video-call|videocall|teams-call|zoom-call", 2.0),
    Rule(INTERVIEW, r"(?:ta|ha|gjennomføre|göra|holde|have) (?:et|en|ett) (?:[\w-]{1,20} ){0,2}(?:intervju|telefonintervju|videointervju|samtale|samtal|telefonsamtale|prat|intervjusamtale|snak) med (?:deg|dig)", 2.5),
    Rule(INTERVIEW, r"telefonintervju|videointervju|telefonintervjuet|telefoninterview|kort prat\b", 1.5),
    Rule(INTERVIEW, r"kan jeg ringe (?:deg|dig)|kan jag ringa dig|darf ich (?:sie|dich) anrufen|can i (?:give you a )?call(?: you)?|when can (?:i|we) call you", 1.5),
    # Calendar invitations
    Rule(INTERVIEW, r"^(?:request|publish)", 0.75, "calendar"),
    Rule(INTERVIEW, r"interview|intervju|samtal|gespräch|kennenlernen|screen|meeting with|møte med|möte med|møde med|round|runde|case", 3.0, "calendar"),
    Rule(INTERVIEW, r"^cancel", 1.5, "calendar"),
    # ---- offer ------------------------------------------------------------------------------
    Rule(OFFER, r"(?:pleased|happy|delighted|thrilled|glad|excited) to (?:formally )?(?:extend|make|present|send) (?:you )?(?:an |a |the |our )?(?:formal |written |official |conditional )?offer", 4.5),
    Rule(OFFER, r"(?:pleased|happy|delighted|thrilled|glad|excited) to offer you", 4.5),
    Rule(OFFER, r"offer you (?:the|a|this) (?:position|role|job|post|permanent position)", 4.0),
    Rule(OFFER, r"(?:job|employment|formal|written|conditional|verbal|revised|updated|final) offer|offer letter|offer of employment|(?:our|the|your|this) offer\b|the offer (?:details|package|stands)", 3.0),
    Rule(OFFER, r"(?:employment|work) (?:contract|agreement)|sign (?:the|your) contract", 2.0),
    Rule(OFFER, r"start(?:ing)? date|(?:annual|yearly|base) salary|compensation package|signing bonus|accept (?:the|this|our) offer|\d[\d ,.]{0,12}(?:k|000) (?:per year|a year|annually)|\b(?:salary|lønn|lön|løn|gehalt) (?:of|på|von) \d", 1.5),
    Rule(OFFER, r"\boffer\b", 1.5, "subject"),
    Rule(OFFER, r"(?:unable|not able|cannot|can't|won't be able|will not be able|not in a position|decided not) to (?:make you an |extend (?:you )?an |extend |make )?offer|offer(?:ed)? the (?:position|role|job) to (?:another|a different|an internal|someone)", -6.0),
    Rule(OFFER, r"(?:tilby deg|tilbyde dig|erbjuda dig) (?:stillingen|jobben|jobbet|en stilling|fast stilling|tjänsten|en tjänst|anställning|rollen|fast ansettelse|fast ansættelse)", 4.5),
    Rule(OFFER, r"(?:glede|glad|fornøyd|fornøjelse|glæde|glädje|glada|nöjda)[^.]{0,40}?(?:tilby deg|tilbyde dig|erbjuda dig|tilbud|erbjudande)", 3.0),
    Rule(OFFER, r"jobbtilbud|tilbud(?:et)? om (?:fast |midlertidig )?(?:stilling(?:en)?|ansettelse|jobb(?:en)?|ansættelse|job(?:bet)?)|jobtilbud|ansættelsestilbud|erbjudande(?:t)? om (?:anställning|tjänsten)|jobberbjudande|anställningserbjudande", 4.0),
    Rule(OFFER, r"\b(?:vårt tilbud|vores tilbud|vårt erbjudande|revidert tilbud|oppdatert tilbud|nytt tilbud)\b", 2.5),
    Rule(OFFER, r"\b(?:tilbudet|tilbuddet|erbjudandet)\b", 1.5),
    Rule(OFFER, r"tilbod(?:et)? om (?:fast |mellombels )?(?:stilling|tilsetjing|jobb)|tilbodsbrev|\btilbodet\b", 4.0),
    Rule(OFFER, r"tilbod", 1.5, "subject"),
    Rule(OFFER, r"(?:svare|svarar|svarer|svara|besvare|respond|reply|answer|antworten|accept) (?:på |to |auf )?(?:tilbudet|tilbodet|tilbuddet|erbjudandet|the offer|our offer|this offer|das angebot|unser angebot)", 3.0),
    Rule(OFFER, r"arbeidsavtale|arbeidskontrakt|ansettelseskontrakt|ansettelsesavtale|ansættelseskontrakt|ansættelsesbrev|anställningsavtal|anställningskontrakt", 2.5),
    Rule(OFFER, r"tiltredelse|oppstartsdato|tiltrædelse|tillträde|startdato|(?:års|grunn|fast|måneds|månads|grund|års)lønn(?:en)?|årslön(?:en)?|årsløn(?:nen)?|grundløn(?:nen)?", 1.5),
    Rule(OFFER, r"takker ja|tackar ja|siger ja|takke ja|tacka ja", 2.0),
    Rule(OFFER, r"tilbud|erbjudande|jobbtilbud", 1.5, "subject"),
    Rule(OFFER, r"(?:kan|kunne|kunde) (?:dessverre |desværre |tyvärr )?(?:ikke|inte|ikkje) (?:tilby deg|tilbyde dig|erbjuda dig|gi deg et tilbud)|(?:ikke|inte|ikkje) (?:kan|kunne|kunde) (?:tilby deg|tilbyde dig|erbjuda dig)", -6.0),
    Rule(REJECTION, r"(?:kan|kunne|kunde) (?:dessverre |desværre |tyvärr )?(?:ikke|inte|ikkje) (?:tilby deg|tilbyde dig|erbjuda dig|gi deg et tilbud)|(?:ikke|inte|ikkje) (?:kan|kunne|kunde) (?:tilby deg|tilbyde dig|erbjuda dig)", 4.0),
    Rule(OFFER, r"(?:freuen uns|freut uns|freuen wir uns)[^.]{0,80}?(?:anbieten|anzubieten|zusage|angebot|vertragsangebot)", 4.5),
    Rule(OFFER, r"vertragsangebot|arbeitsvertrag|jobangebot|stellenzusage|angebot für die (?:position|stelle)|(?:unser|das|ihr|überarbeitetes|neues) angebot", 3.0),
    Rule(OFFER, r"\bzusage\b", 2.0),
    Rule(OFFER, r"eintrittsdatum|startdatum|gehaltsangebot|jahresgehalt|bruttojahresgehalt", 1.5),
    Rule(OFFER, r"angebot|vertrag|zusage", 1.5, "subject"),
    Rule(OFFER, r"keine zusage|nicht anbieten|kein angebot|leider .{0,40}absage", -6.0),
    # ---- rejection --------------------------------------------------------------------------
    Rule(REJECTION, r"\bunfortunately\b", 1.0),
    Rule(REJECTION, r"\bregret(?:fully)?\b|sorry to (?:inform|tell|let you know)|(?:not|isn't|is not|wasn't|was not) the (?:news|answer|outcome|result|response) you (?:were |had been )?hoping", 2.0),
    Rule(REJECTION, r"(?:decided|chosen|opted|elected|decision) (?:\w{1,20} )?to (?:move|go|proceed|continue|progress|pursue|pursuing) (?:forward |ahead |on )?(?:with )?(?:another|other|a different|different|a more|more|an internal|the other|a candidate|an applicant|someone|a person|one of the other)\b", 4.0),
    Rule(REJECTION, r"(?:move|moving|go|going|proceed|proceeding|continue|continuing|progress|progressing) (?:forward |ahead |on )?with (?:another|other|a different|different|a more suitable|more suitable) " + _PERSON, 4.0),
    Rule(REJECTION, r"(?:chosen|selected|decided on|gone with|hired|appointed|offered the (?:position|role|job) to) (?:a|an|another|a different) (?:other )?(?:candidate|applicant|person|internal candidate) (?:who|whose|with|that)", 4.0),
    Rule(REJECTION, r"(?:offer|give|offered|gave|given) the (?:position|role|job) to (?:another|a different|an internal|someone|a candidate)", 4.0),
    Rule(REJECTION, r"(?:not|won't|will not|unable to|cannot|can't) (?:be )?(?:moving|move|going|go|proceeding|proceed|taking|take|progressing|progress) (?:forward|further|ahead|you forward|your application (?:forward|further))", 4.0),
    Rule(REJECTION, r"(?:decided|chosen|decision|opted) not to (?:proceed|progress|continue|move forward|move ahead|go ahead|go forward|pursue|take (?:your|this|it|things) (?:application |candidacy )?(?:further|forward)|invite you)", 4.0),
    Rule(REJECTION, r"\b(?:i'm|i am|we're|we are) afraid\b|\bbest of luck\b|at this (?:stage|time|point)\b", 1.0),
    Rule(REJECTION, r"(?:not|won't|will not) (?:be )?(?:progress|proceed|continu|pursu)(?:ing|e)? (?:with )?your " + _APP, 4.0),
    Rule(REJECTION, r"(?:not|unable to|cannot|can't|won't|will not) (?:be )?(?:taking|take|progress|progressing|move|moving) (?:your (?:application|candidacy)|you|this|it) (?:any )?(?:further|forward)|(?:not|won't|will not) (?:be )?invit(?:e|ing) you", 4.0),
    Rule(REJECTION, r"(?:position|role|vacancy|job|opening|post|requisition) (?:has|have) (?:now |already |unfortunately )?been (?:filled|closed|cancelled|canceled|put on hold|withdrawn|removed)|(?:filled|closed|cancelled|canceled) the (?:position|role|vacancy|opening)|(?:position|role|vacancy) (?:will not|won't) be filled", 4.0),
    Rule(REJECTION, r"(?:cancel|close|stop|halt|pause|discontinue) (?:the |this |our )?(?:recruitment|hiring|search|process|vacancy|position)|(?:avbryta|avsluta|stoppa|pausa) (?:rekryteringen|rekryteringsprocessen|processen)|(?:avbryte|avslutte|stanse|stoppe) (?:rekrutteringen|rekrutteringsprosessen|prosessen)|(?:afbryde|afslutte|stoppe) (?:rekrutteringen|rekrutteringsprocessen|processen)|(?:das auswahlverfahren|das verfahren|die ausschreibung|die stellenausschreibung) (?:abzubrechen|einzustellen|zurückzuziehen|zu beenden)", 4.0),
    Rule(REJECTION, r"(?:decided|chosen|decision) not to (?:hire|fill|recruit)|(?:no longer|not) (?:be )?(?:hiring|filling|recruiting) for (?:this|the)|(?:decided|chose|choose) to (?:hire|fill the (?:position|role)|recruit) internally|internal candidate", 4.0),
    Rule(REJECTION, r"(?:other|another) " + _PERSON + r" (?:whose|who|that) (?:experience|background|skills|profile|qualifications|more closely|better|more|has|have)", 3.0),
    Rule(REJECTION, r"(?:more|most|better|closer) (?:closely )?(?:match(?:es|ed)?|align(?:s|ed)?|suited|fit(?:s|ted)?)\b", 1.5),
    Rule(REJECTION, r"(?:not|haven't|have not|were not|was not|weren't|wasn't) (?:been )?(?:selected|shortlisted|successful|chosen)|\bunsuccessful\b", 3.5),
    Rule(REJECTION, r"(?:does not|doesn't|did not|didn't|do not|don't) (?:quite |fully |entirely )?(?:match|meet|fit|align with|correspond)", 2.5),
    Rule(REJECTION, r"(?:wish|best of luck|good luck|all the best|every success)[^.]{0,30}?(?:in|with|on|for) your (?:job )?(?:search|future|career|endeavou?rs|job hunt)", 2.5),
    Rule(REJECTION, r"(?:didn't|did not|hasn't|has not) (?:go|gone|work(?:ed)? out) (?:your way|in your favou?r|this time)|not (?:you )?this time", 2.5),
    Rule(REJECTION, r"keep your (?:cv|resume|profile|details|application|information) (?:on file|in (?:our|mind)|for future)|future (?:openings|opportunities|vacancies|positions)|(?:detailed |more |some )?feedback", 1.0),
    Rule(REJECTION, r"(?:not|no longer) (?:able|going) to (?:consider|proceed|take)", 3.0),
    Rule(REJECTION, r"(?:keep|save|store|retain) your (?:profile|cv|resume|details|application) (?:in|on)|(?:ta|tar) (?:gjerne )?vare på (?:profilen din|cv-en din|søknaden din|din profil)|(?:spara|sparar|behålla) (?:din profil|ditt cv|din ansökan)|(?:gemme|gemmer|beholde) (?:din profil|dit cv|din ansøgning)|(?:ihr|dein) profil (?:in unserem|in unserer) (?:talentpool|datenbank)|talent ?(?:pool|base|bank|community|database)|talentbase|talentbank|kandidatbase", 1.5),
    Rule(REJECTION, r"apply (?:with us |to us )?again|(?:søke|søge|söka) (?:hos oss |hos os |på nytt |igjen |igen )+|(?:erneut|wieder|nochmals) (?:bei uns )?bewerben", 2.0),
    Rule(REJECTION, r"(?:unable|not able|cannot|can't|won't be able|will not be able|not in a position|decided not) to (?:make you an |extend (?:you )?an |extend |make )?offer", 4.0),
    Rule(REJECTION, r"unfortunately,? (?:we|your (?:application|profile)|the (?:position|role)|after|at this (?:time|stage|point)|this time)", 1.5),
    Rule(REJECTION, r"after (?:careful|thorough|much|long|due|a lot of|lots of|extensive|internal) (?:consideration|review|deliberation|evaluation|discussion)|etter (?:nøye|grundig|en grundig|en helhetlig|mye|lang) (?:vurdering|gjennomgang|diskusjon)|efter (?:noggrant|noga|grundligt|en samlad|mycket|lång) (?:övervägande|bedömning|överväganden|diskussion)|efter (?:grundig|nøje|en samlet|megen|lang) (?:overvejelse|vurdering|diskussion)|nach (?:sorgfältiger|eingehender|reiflicher|langer) (?:prüfung|überlegung|abwägung|diskussion)", 1.5),
    Rule(REJECTION, r"(?:large|high|great|overwhelming) (?:number|volume) of (?:applications|applicants|candidates|qualified)|(?:many|numerous) (?:strong|qualified|highly qualified|excellent|good) (?:applications|applicants|candidates)|mange (?:gode |kvalifiserte |godt kvalifiserte |sterke )?(?:søkere|kandidater|søknader)|många (?:kvalificerade |bra |starka )?(?:sökande|kandidater|ansökningar)|mange (?:kvalificerede |gode |stærke )?(?:ansøgere|kandidater|ansøgninger)|(?:viele|zahlreiche) (?:qualifizierte |gute )?(?:bewerbungen|bewerber|kandidaten)", 1.0),
    Rule(REJECTION, r"(?:application|cv|documents|data) (?:will be|is being) (?:deleted|removed)|(?:søknaden|søknaden din|ansökan|ansøgningen|unterlagen|bewerbungsunterlagen)[^.]{0,20}? (?:vil bli|kommer att|vil blive|werden) (?:slettet|raderas|raderad|slettet|gelöscht)", 1.5),
    Rule(REJECTION, r"application (?:status|update|outcome)|regarding your application|your application (?:to|at|for|with)", 0.5, "subject"),
    Rule(REJECTION, r"unsuccessful|not selected|regret|cancell?ed|closed|avbrut|avsluttet|avslutad|afsluttet|avlyst|annulleret|abgesagt|eingestellt|\bsvar\b|\bbesked\b|\bbeskjed\b", 1.0, "subject"),
    Rule(REJECTION, r"(?:proceed|proceeding|move forward|moving forward|continue|continuing|go ahead|going ahead|progress|progressing) with (?:the |other |another |a few |some )?(?:candidates?|applicants?|profiles?) (?:who|whose|that|with)\b", 4.0),
    Rule(REJECTION, r"(?:tilby|tilbyde|tilbudt|tilbydt|erbjuda|erbjudit|anbieten|angeboten|offer|offered|offering) (?:stillingen|jobben|jobbet|tjänsten|rollen|die stelle|die position|the (?:position|role|job)) (?:til|till|an|to) (?:en |ein |einen |einer |one of the |en af de |en av de |ein(?:en|er)? der )?(?:anden|annen|annan|andre|andra|anderen|andere|other|another)", 4.0),
    Rule(REJECTION, _WEEKDAY + r"[^.?!]{0,30}?(?:kan|kann|can|går|passer|passar|passt|works?|fungerer|klappt)(?: \w+){0,3}? (?:ikke|ikkje|inte|nicht|not|no longer)", -2.0),
    # Norwegian
    Rule(REJECTION, r"\bdessverre\b|\bbeklageligvis\b", 1.0),
    Rule(REJECTION, r"dessverre,? (?:har vi|må vi|kan vi|ble|nådde|er|valgte|gikk|blir|går|at)|(?:må|kan) dessverre", 1.5),
    Rule(REJECTION, r"(?:gått|gå|går|gikk|gåt|valgt å gå|bestemt oss for å gå|besluttet å gå) videre med (?:(?:andre|en|ei|et|to|tre|noen|flere) )?(?:annen |anna |andre )?" + _PERSON_NORDIC, 4.0),
    Rule(REJECTION, r"(?:valgt|falt|landet|gått for|bestemt oss for) (?:på |ut )?(?:en annen|andre|en|ei) (?:annen )?" + _PERSON_NORDIC + r",? (?:som|med|hvis)", 4.0),
    Rule(REJECTION, r"(?:er|ble|har) stillingen (?:nå |blitt |derfor )*(?:besatt|trukket|avlyst|lukket|kansellert|fylt)|(?:är|har) tjänsten (?:nu |blivit )*(?:tillsatt|dragits tillbaka|återkallats)|(?:er|blev) stillingen (?:nu |blevet )*(?:besat|lukket|annulleret|trukket tilbage)|(?:ist|wurde) die stelle (?:bereits |inzwischen |mittlerweile )*(?:besetzt|vergeben|gestrichen|zurückgezogen)", 4.0),
    Rule(REJECTION, r"(?:ikke|ikkje|inte|ej) (?:bli|blir|bliver|blive|kommer att bli) (?:gjennomført |gjennomførte |genomförda |genomförd |foretaget )?(?:noen |några |nogen )?(?:intervjuer|intervju|ansettelse|ansettelser|anställning|ansættelse|tilsetting)", 3.0),
    Rule(REJECTION, r"(?:andre kandidater|en annen kandidat|andre søkere) (?:som|med|hvis)", 2.5),
    Rule(REJECTION, r"(?:ikke|ikkje) (?:har )?(?:blitt |bli |blir |er |kommet |nådd )?(?:valgt ut|tatt med videre|med videre|videre i prosessen|gå videre|gått videre|kommet videre|nådd opp|aktuell|prioritert|innkalt)", 3.5),
    Rule(REJECTION, r"(?:ikke|ikkje) (?:gå|går|ta|tar) videre med (?:din søknad|søknaden|deg|ditt kandidatur)|søknaden din (?:går|vil) ikke videre|(?:blir|ble) det ikke (?:deg|du)", 4.0),
    Rule(REJECTION, r"(?<!når )(?<!etter at )(?<!til )stillingen (?:er|har blitt|ble) (?:nå )?(?:besatt|trukket|avlyst|lukket|kansellert|fylt)|stillingen (?:blir|vil) ikke (?:bli )?besatt|(?:besluttet|bestemt) (?:seg for |oss for )?(?:ikke å|å ikke) (?:ansette|rekruttere|besette)", 4.0),
    Rule(REJECTION, r"(?:rekrutteringsprosessen|rekrutteringen|prosessen) (?:er|blir|har blitt) (?:nå |derfor )?(?:avsluttet|stanset|avbrutt|stoppet|lagt på is)|(?:satt|settes|blir satt) på vent", 3.5),
    Rule(REJECTION, r"lykke til (?:videre|med (?:jobbsøkingen|jobbsøkinga|videre|fremtiden|søkingen)|i fremtiden|i jobbsøkingen)|ønsker deg (?:alt godt|lykke til)|denne gangen", 2.0),
    # Swedish
    Rule(REJECTION, r"\btyvärr\b", 1.0),
    Rule(REJECTION, r"tyvärr,? (?:har vi|måste vi|kan vi|blev|gick|valde|är|går)|(?:måste|kan) tyvärr", 1.5),
    Rule(REJECTION, r"(?:gå|går|gått|gick|valt att gå|beslutat att gå) vidare med (?:(?:andra|en|ett|två|tre|några|flera) )?(?:annan |andra )?" + _PERSON_NORDIC, 4.0),
    Rule(REJECTION, r"valt (?:ut )?(?:en annan|andra|en) (?:annan )?" + _PERSON_NORDIC + r" (?:som|med|vars)?", 4.0),
    Rule(REJECTION, r"(?:inte|ej) (?:gå|går|kommer att gå) vidare med (?:din ansökan|dig|ansökan)|(?:inte|ej) (?:har )?(?:blivit |bli |blir |är )?(?:utvald|aktuell|vald|gått vidare|gå vidare|kallad|med vidare)|blev (?:det )?inte du", 4.0),
    Rule(REJECTION, r"(?<!när )(?<!efter att )tjänsten (?:är|har) (?:nu )?(?:tillsatt|blivit tillsatt|dragits tillbaka|återkallats)|tjänsten (?:kommer|ska) (?:\w{1,20} )?(?:inte|ej) (?:att )?tillsättas|(?:rekryteringen|rekryteringsprocessen|processen) (?:är|har) (?:nu )?(?:avslutad|avbruten|avslutats|avbrutits|pausad)|beslutat att inte (?:anställa|tillsätta|rekrytera)", 4.0),
    Rule(REJECTION, r"lycka till (?:i|med|framöver|i framtiden|i ditt|i jobbsökandet)|den här gången|denna gång", 2.0),
    Rule(REJECTION, r"andra (?:kandidater|sökande) (?:vars|som)", 2.5),
    # Danish
    Rule(REJECTION, r"\bdesværre\b", 1.0),
    Rule(REJECTION, r"desværre,? (?:har vi|må vi|kan vi|blev|valgte|er|gik|går)|(?:må|kan) desværre", 1.5),
    Rule(REJECTION, r"(?:gå|går|gået|gik|valgt at gå|besluttet at gå) videre med (?:(?:andre|en|et|to|tre|nogle|flere) )?(?:anden |andre )?" + _PERSON_NORDIC, 4.0),
    Rule(REJECTION, r"valgt (?:en anden|andre|en) (?:anden )?" + _PERSON_NORDIC + r" (?:som|med|der|hvis)?", 4.0),
    Rule(REJECTION, r"(?:ikke|ej) (?:gå|går) videre med (?:din ansøgning|dig|ansøgningen)|(?:ikke|ej) (?:er )?(?:blevet |blive )?(?:udvalgt|valgt ud|aktuel|indkaldt|gået videre|med videre)|blev det ikke dig", 4.0),
    Rule(REJECTION, r"(?<!når )(?<!efter at )stillingen er (?:nu )?(?:besat|blevet besat|lukket|annulleret|trukket tilbage)|stillingen (?:bliver|vil) ikke (?:blive )?besat|besluttet (?:ikke at|at ikke) (?:ansætte|rekruttere|besætte)|(?:rekrutteringsprocessen|rekrutteringen|processen) er (?:nu )?(?:afsluttet|stoppet|annulleret|sat på pause)", 4.0),
    Rule(REJECTION, r"held og lykke (?:med|i|fremover|fremadrettet|i fremtiden)|god vind (?:fremover|fremadrettet|med)|denne gang", 2.0),
    Rule(REJECTION, r"andre (?:kandidater|ansøgere) (?:hvis|som|der)", 2.5),
    Rule(REJECTION, r"\bafslag\b|\bavslag\b|\bavslår\b", 3.0),
    # German
    Rule(REJECTION, r"\bleider\b", 1.0),
    Rule(REJECTION, r"leider,? (?:müssen|haben|können|konnten|mussten|ist|hat|fiel|wird)|(?:müssen|mussten|können) (?:wir )?(?:ihnen|dir) leider", 1.5),
    Rule(REJECTION, r"bedauern|bedauerlicherweise|müssen (?:ihnen|dir) (?:leider )?mitteilen", 2.0),
    Rule(REJECTION, r"(?:für|zugunsten) (?:einen |eine |einer )?(?:anderen|andere|anderer) (?:bewerber|bewerberin|kandidat|kandidatin|kandidaten|bewerbenden|person)", 4.0),
    Rule(REJECTION, r"(?:nicht (?:weiter |länger )?(?:berücksichtigen|berücksichtigt)|nicht in die engere (?:wahl|auswahl)|nicht weiter (?:verfolgen|betrachten))", 4.0),
    Rule(REJECTION, r"\babsage\b", 3.0),
    Rule(REJECTION, r"(?:uns|wir haben uns|wir uns) (?:[\w-]+ ){0,4}?für (?:einen|eine|einer) (?:anderen |andere |anderer )?(?:kandidat(?:en|in)?|bewerber(?:in)?|person) entschieden|entschieden,? (?:dessen|deren) (?:profil|erfahrung|erfahrungsprofil|qualifikation)", 4.0),
    Rule(REJECTION, r"(?:berufliche|beruflichen) zukunft|weiteren werdegang|alles gute und viel erfolg", 2.5),
    Rule(REJECTION, r"(?<!sobald )(?<!wenn )(?:stelle|position|vakanz) (?:ist|wurde) (?:bereits |inzwischen |mittlerweile )?(?:besetzt|vergeben|gestrichen|zurückgezogen)|(?:stelle|position) wird nicht (?:nach)?besetzt|(?:auswahlverfahren|bewerbungsverfahren|verfahren) (?:ist|wurde) (?:nun |hiermit )?(?:abgeschlossen|eingestellt|beendet)|entschieden,? (?:die stelle )?nicht (?:zu besetzen|einzustellen)", 4.0),
    Rule(REJECTION, r"(?:für (?:ihren|deinen)|auf (?:ihrem|deinem)) (?:weiteren )?(?:beruflichen )?(?:werdegang|weg|lebensweg)|viel erfolg (?:bei|für) (?:ihrer|deiner) (?:weiteren )?(?:suche|jobsuche|stellensuche)|dieses mal", 2.5),
    Rule(REJECTION, r"keine (?:positive )?(?:rückmeldung|zusage)|(?:können|konnten) (?:ihnen|dir) (?:leider )?(?:keine|nicht)", 3.5),
    Rule(REJECTION, r"absage|leider", 2.0, "subject"),
    # ---- request ----------------------------------------------------------------------------
    Rule(REQUEST, r"(?:complete|take|finish|do|fill (?:in|out)|submit|look at|work on|solve) (?:a|an|the|our|this|your|two|2|a small|a short) ?(?:(?:short|online|brief|technical|coding|personality|aptitude|cognitive|take-home|home|logic|skills?|written|psychometric|small)[ -]){0,3}(?:assessment|test|challenge|exercise|assignment|case|task|questionnaire|quiz|form)", 3.5),
    Rule(REQUEST, r"coding (?:challenge|test|exercise|task)|take-home|home assignment|case (?:study|assignment|task|exercise)|technical (?:test|assessment|exercise|assignment)|personality test|aptitude test|online assessment|work sample", 2.5),
    Rule(REQUEST, r"(?:provide|send|share|give|forward|submit) (?:us |me )?(?:with )?(?:the |your |two |2 |three |3 |some |a few |contact details (?:for|of) |names of )*(?:references|referees|reference contacts)", 3.5),
    Rule(REQUEST, r"\b(?:references?|referees?)\b", 1.0),
    Rule(REQUEST, r"salary (?:expectations?|requirements?|expectation)|expected salary|desired salary|notice period|earliest (?:possible )?start date|when (?:could|can) you start", 3.0),
    Rule(REQUEST, r"(?:could|can|would) you (?:please |kindly )?(?:send|provide|share|forward|upload|fill|complete|confirm|let (?:me|us) know)", 2.0),
    Rule(REQUEST, r"\bplease (?:send|provide|share|upload|forward|fill (?:in|out)|complete|submit|sign|confirm|reply|answer)\b", 2.0),
    Rule(REQUEST, r"(?:need|require|would like|want) (?:some |a few |a bit of )?(?:more|additional|further|some) (?:information|details|documents?|answers)", 2.5),
    Rule(REQUEST, r"(?:send|upload|submit|forward) (?:me |us )?(?:your |an? |the )?(?:updated |latest |current )?(?:cv|resume|résumé|portfolio|cover letter|transcripts?|diploma|certificates?|solution|answers?)", 2.5),
    Rule(REQUEST, r"(?:copy|copies|scan|scans) of your|(?:transcripts?|diplomas?|certificates?|portfolio|work permit|background check|criminal record|police certificate|right to work)", 1.5),
    Rule(REQUEST, r"(?:missing|additional|further|supporting) (?:documents?|documentation|information|details)", 2.0),
    Rule(REQUEST, r"\b(?:send|reply|respond|answer|submit|skicka|svara|send inn|sende|besvar|antworten|senden|schicken)\b[^.?!]{0,60}?\b(?:by|before|no later than|innen|inden|senest|senast|innan|bis|spätestens)\b", 2.0),
    Rule(REQUEST, r"(?:bekrefte|bekræfte|bekräfta|confirm|bestätigen)[^.?!]{0,30}?(?:tidspunkt|tidpunkt|the time|the slot|tiden|termin|dato|date|datum|passer|passar|works|passt)", -2.0),
    Rule(REQUEST, r"(?:before|prior to|ahead of|innan|inför|før|inden|forud for|vor|bevor)(?: [\w-]+){0,4}? (?:interview|interviews|intervju|intervjuer|intervjuene|intervjuerna|samtale|samtalen|samtal|samtalet|gespräch|termin|round|runde|möte|møte|møde)", 2.5),
    Rule(REQUEST, r"(?:small|short|little|kleine|kurze|liten|lille|kort) (?:task|exercise|assignment|challenge|aufgabe|oppgave|uppgift|opgave|case)", 2.0),
    Rule(REQUEST, r"schick(?:e|en sie|st du)? (?:mir|uns) (?:einfach |bitte |gerne )?(?:bis|dein|deine|ihr|ihre|einen|eine|die|den)", 2.0),
    Rule(REQUEST, r"(?:ber|beder|bitten) (?:vi|wir) (?:deg|dig|sie|dich),? (?:om |at |att |å |um )?(?:\w+ ){0,3}?(?:genomföra|gjennomføre|gennemføre|gjøre|göra|gøre|sende|skicka|fylle|fylla|udfylde|laste opp|ladda upp|uploade|oppgi|ange|oplyse|besvare|zuzusenden|zusenden|senden|auszufüllen|ausfüllen|zu absolvieren|absolvieren|nachzureichen|nachreichen)", 2.0),
    # Norwegian
    Rule(REQUEST, r"(?:kan|kunne|vil) du (?:vennligst |være så snill å |gjerne )?(?:sende|gi|fylle|ta|gjennomføre|bekrefte|oppgi|laste opp|dele|svare)", 2.0),
    Rule(REQUEST, r"(?:vennligst|vær så snill og|vi ber deg|ber om at du|vi ber om|send meg gjerne|send oss gjerne|send gjerne|vil gjerne at du|ønsker at du|trenger at du) (?:å )?(?:send|fyll|gjennomfør|last opp|oppgi|sende|fylle|gjennomføre|laste opp|ser på|løser|gjør|tar|svarer|cv|din|ditt|dine|referanser|løsningen)", 2.0),
    Rule(REQUEST, r"trenger (?:vi )?(?:litt |noe )?(?:mer |flere |ytterligere )?(?:informasjon|opplysninger|dokumentasjon|svar)", 2.5),
    Rule(REQUEST, r"referanser|referansepersoner|referanse", 2.5),
    Rule(REQUEST, r"lønnsforventning|lønnskrav|lønnsønske|lønnsnivå", 3.0),
    Rule(REQUEST, r"vitnemål|attester|karakterutskrift|politiattest|arbeidstillatelse", 2.5),
    Rule(REQUEST, r"personlighetstest|kodeoppgave|caseoppgave|hjemmeoppgave|arbeidsprøve|evnetest|ferdighetstest|\btesten\b|(?:ta|gjennomføre|gjennomfør|gjøre|fullføre) (?:en |et |ei |denne |testen)?(?:\w{1,20} )?test|kartlegging|(?<!in )\bcasen\b|(?:liten|en|ei|et|denne) case\b", 2.0),
    Rule(REQUEST, r"oppsigelsestid|når kan du (?:tidligst |tidlegast )?(?:starte|begynne|tiltre)", 2.5),
    Rule(REQUEST, r"send (?:meg|oss) (?:gjerne |din |ditt |dine |en |et )*(?:cv|søknad|løsning|løsningen|referanser|vitnemål|attester|portefølje|svar)", 2.5),
    # Swedish
    Rule(REQUEST, r"(?:kan|skulle|vill) du (?:vänligen |snälla )?(?:skicka|fylla i|göra|genomföra|bekräfta|ange|ladda upp|dela|svara)", 2.0),
    Rule(REQUEST, r"(?:vänligen|var vänlig och|vi ber dig|vi ber om|skicka gärna|skicka oss|skicka mig) (?:att )?(?:skicka|fyll|fylla|genomför|genomföra|ladda upp|ange|ditt|din|dina|cv|referenser|lösningen)", 2.0),
    Rule(REQUEST, r"behöver (?:vi )?(?:lite |några )?(?:mer |fler |ytterligare )?(?:information|uppgifter|dokument|svar)", 2.5),
    Rule(REQUEST, r"referenser|referenspersoner", 2.5),
    Rule(REQUEST, r"lönekrav|löneanspråk|löneförväntning(?:ar)?|lönenivå", 3.0),
    Rule(REQUEST, r"\bbetyg\b|\bintyg\b|examensbevis|utdrag ur belastningsregistret|arbetstillstånd", 2.5),
    Rule(REQUEST, r"arbetsprov|personlighetstest|kodtest|hemuppgift|logiktest|färdighetstest|kompetenstest|\btestet\b|(?:göra|genomföra|gör|genomför) (?:ett |en |två |tre |testet)?(?:\w{1,20} ){0,2}test|caseuppgift", 2.0),
    Rule(REQUEST, r"uppsägningstid|när kan du (?:tidigast )?(?:börja|tillträda)", 2.5),
    # Danish
    Rule(REQUEST, r"(?:kan|kunne|vil) du (?:venligst |være sød at )?(?:sende|udfylde|tage|gennemføre|bekræfte|oplyse|uploade|dele|svare)", 2.0),
    Rule(REQUEST, r"(?:venligst|vi beder dig|vi beder om|send mig gerne|send os gerne|send gerne) (?:at )?(?:send|udfyld|gennemfør|upload|oplys|sende|udfylde|gennemføre|dit|din|dine|cv|referencer|løsningen)", 2.0),
    Rule(REQUEST, r"har (?:vi )?brug for (?:lidt |nogle )?(?:mere |flere |yderligere )?(?:information|oplysninger|dokumentation|svar)", 2.5),
    Rule(REQUEST, r"referencer|referencepersoner", 2.5),
    Rule(REQUEST, r"lønforventning(?:er)?|lønkrav|lønønske|lønniveau", 3.0),
    Rule(REQUEST, r"eksamensbevis|karakterudskrift|anbefalinger|udtalelser|straffeattest|børneattest|arbejdstilladelse", 2.5),
    Rule(REQUEST, r"personlighedstest|logiktest|kodeopgave|caseopgave|hjemmeopgave|færdighedstest", 2.0),
    Rule(REQUEST, r"opsigelsesvarsel|opsigelsesperiode|hvornår kan du (?:tidligst )?(?:starte|begynde|tiltræde)", 2.5),
    # German
    Rule(REQUEST, r"(?:könnten|können|würden) sie (?:uns |mir )?(?:bitte )?[^.]{0,50}?(?:senden|zusenden|schicken|ausfüllen|nachreichen|absolvieren|bestätigen|mitteilen|hochladen)", 2.5),
    Rule(REQUEST, r"(?:bitte|bitten (?:sie|dich)) [^.]{0,50}?(?:zusenden|zuzusenden|schicken|ausfüllen|nachreichen|hochladen|mitteilen|absolvieren|zu absolvieren|zu senden)", 2.5),
    Rule(REQUEST, r"(?:benötigen|brauchen) (?:wir )?(?:noch )?(?:einige |weitere |zusätzliche )?(?:informationen|angaben|unterlagen|dokumente)", 2.5),
    Rule(REQUEST, r"referenzen|gehaltsvorstellung|gehaltswunsch|gehaltsvorstellungen|zeugnisse|arbeitszeugnis|kündigungsfrist|frühestmöglichen eintrittstermin|eintrittstermin|führungszeugnis", 2.5),
    Rule(REQUEST, r"online-test|onlinetest|eignungstest|persönlichkeitstest|fallstudie|programmieraufgabe|probeaufgabe|case study|testaufgabe", 2.5),
    Rule(REQUEST, r"unterlagen|documents?|dokumente|references|referanser|referenser|referencer|referenzen|assessment|\btest\b|\bcase\b", 1.0, "subject"),
    # ---- status update ----------------------------------------------------------------------
    Rule(STATUS, r"(?:still|currently) (?:reviewing|in the (?:process|middle)|evaluating|assessing|considering|interviewing|going through|working through|finali[sz]ing|waiting|speaking with|talking to|meeting)", 3.0),
    Rule(STATUS, r"(?:process|recruitment|hiring|review|decision|selection) (?:is taking|has taken|will take|takes|may take) (?:a bit |somewhat |slightly |a little |some )?(?:longer|more time|additional time)", 3.5),
    Rule(STATUS, r"(?:taking|take|taken|takes) (?:a bit |somewhat |a little |slightly )?longer than (?:expected|planned|anticipated|we (?:had )?hoped)", 3.5),
    Rule(STATUS, r"\b(?:delay(?:ed|s)?|postponed|on hold|paused)\b|slipp(?:ed|ing)|behind schedule|running (?:a bit |a little )?(?:late|behind)|sorry for the (?:silence|delay|wait|long wait|late reply|slow reply)|thanks for (?:checking in|following up|your follow-up)", 2.0),
    Rule(STATUS, r"(?:not|haven't|have not|hasn't|has not) (?:yet )?(?:made|reached|taken) (?:a|any|our|the) ?(?:final )?decision|no decision (?:has been made )?yet", 3.0),
    Rule(STATUS, r"(?:update|status update|quick update|an update|short update) (?:on|regarding|about) (?:your application|the (?:recruitment|hiring|selection|interview) process|the process|where we are|the position|the role|timing|timeline)", 2.5, "body"),
    Rule(STATUS, r"(?:your application is|you are|you're) still (?:\w{1,20} ){0,2}(?:being considered|under (?:review|consideration)|in the (?:process|running)|active|on our shortlist)", 3.5),
    Rule(STATUS, r"(?:expect|hope|plan|aim|intend) to (?:(?:get|come) back to (?:you|all|everyone|each|every)|have (?:an answer|a decision|news|an update|more (?:information|news))|make a (?:final )?decision|come back to you|be in touch|update you)", 2.5),
    Rule(STATUS, r"(?:will|'ll) (?:get back to you|be in touch|update you|let you know|come back to you|contact you) (?:again )?(?:by|within|next|later|as soon|early|before|in the coming|shortly|in a (?:week|few)|with (?:a|our) (?:decision|answer|update))", 1.5),
    Rule(STATUS, r"(?:just )?(?:wanted|want) to (?:give you (?:an|a quick) update|let you know where|keep you (?:updated|posted|informed)|update you)", 2.5),
    Rule(STATUS, r"(?:i'll|we'll|i will|we will) keep you (?:posted|updated|informed)|(?:so snart|så snart|sobald|as soon as) (?:det foreligger|vi har|we have|wir) (?:en |a |eine )?(?:avgjørelse|beslutning|beslut|decision|entscheidung)|(?:få|gi deg|ge dig|give dig) beskjed så snart|(?:vil|vill|ønsker|möchten) (?:orientere|informere|informera|informieren) (?:deg |dig |sie )?om", 1.5),
    Rule(STATUS, r"(?:finishing|wrapping up|completing|concluding|finalising|finalizing) (?:\w{1,20} ){0,3}(?:round|interviews|process|first interviews)|(?:a few|some|several|more) (?:more )?(?:candidates|interviews) (?:left|to go|to meet|remaining)", 2.5),
    Rule(STATUS, r"(?:next step|next steps|the next stage) (?:will|should|is expected to) (?:be )?(?:follow|come|happen|take place|start)", 1.5),
    Rule(STATUS, r"(?:thank you|thanks) for your (?:patience|understanding)", 1.5),
    Rule(STATUS, r"status|update|timeline|progress", 1.0, "subject"),
    Rule(STATUS, r"(?:fortsatt|fremdeles|enda|ennå|fortfarande|stadig|fortsat|endnu) (?:er |är |ist )?(?:mitt i |midt i |under behandling|i prosess(?:en)?|aktuell|med i prosessen|vurderer|i gang med|jobber med|holder på|i processen|med i processen|granskar|går igenom|aktuel)", 3.5),
    Rule(STATUS, r"(?:har|have) (?:fortsatt |fortfarande |stadig |fortsat |enda |ennå |endnu )?(?:noen|några|nogle|et par|ett par|to|tre|två) (?:flere |fler )?(?:kandidater|søkere|sökande|ansøgere|intervjuer|samtaler|samtal|interviews)(?: \w+)? (?:igjen|kvar|tilbage|til)", 3.0),
    Rule(STATUS, r"(?:tar|tatt|ta|tager|taget|tage|tagit|tek|teke)(?: \w+){0,2}? (?:lengre|längre|længere|lenger) tid(?:e)? enn?d?(?: \w+){0,3}? (?:forventet|planlagt|antatt|väntat|planerat|beräknat|venta|planlagd)", 3.5),
    Rule(STATUS, r"(?:gi|gje|ge|give|send|geben)(?: \w+){0,3}? (?:tilbakemelding|tilbakemelding|svar|beskjed|besked|återkoppling|answer|feedback|rückmeldung)[^.]{0,40}?(?:innen|senest|senast|inden|by|before|bis)\b", 2.5),
    Rule(STATUS, r"(?:trenger|behöver|har brug for|needs?) (?:vi |we )?(?:et par|ett par|noen|några|nogle|a couple of|a few|some) (?:uker|veckor|uger|dager|dagar|dage|weeks|days) (?:til|till|mere|more|extra)", 3.0),
    Rule(STATUS, r"(?:før|innan|inden|before|bevor) (?:vi|we|wir) (?:kan|can|können) (?:gi deg|ge dig|give dig|give you|ihnen|dir)[^.]{0,20}? (?:svar|besked|answer|decision|antwort|beskjed|tilbakemelding|återkoppling)", 3.0),
    Rule(STATUS, r"(?:ikke|enda ikke|ennå ikke|inte|ännu inte|endnu ikke) (?:har )?(?:tatt|fattet|fattat|tagit|truffet|taget) (?:en |noen |något |ett |nogen )?(?:endelig |slutgiltigt |endeligt |slutligt )?(?:beslutning|beslut)", 3.0),
    Rule(STATUS, r"(?:vi )?(?:kommer tilbake til deg|gir deg beskjed|gir deg en oppdatering|tar kontakt|återkommer|hör av oss|ger dig besked|vender tilbage|kontakter dig|giver dig besked|melder tilbage|melder os|komme tilbake til deg|återkomma till dig) (?:igjen |igen |till dig |til dig )?(?:i løpet av|innen|neste|så snart|snarest|om|inom|senast|nästa|under|efter|inden|senest|i næste|i løbet af|i uge|i vecka|i uke|i begynnelsen|i början|i starten|i slutten|i slutet|i midten|i mitten)", 2.5),
    Rule(STATUS, r"(?:regner med|räknar med|forventer|forventer at|beregner|rechnen damit|gehen davon aus)(?: å| att| at| dass)? (?:kunne |kunna |kan |wir )?(?:komme tilbake|återkomma|vende tilbage|gi deg|ge dig|give dig|melden|få på plass|ta en beslutning|fatta beslut|træffe en beslutning)", 3.0),
    Rule(STATUS, r"(?:en |ei |en kort |en liten |en lille |en rask |ein )?(?:oppdatering|uppdatering|opdatering|statusoppdatering|lägesuppdatering|statusuppdatering|statusopdatering) (?:på|om|kring|fra|från)?", 2.5, "body"),
    Rule(STATUS, r"\b(?:forsinket|forsinkelse|utsatt|försenad|försening|dröjer|udskudt|trækker ud|forsinkelse)\b", 1.5),
    Rule(STATUS, r"takk for (?:tålmodigheten|din tålmodighet)|tack för (?:ditt tålamod|din tålamod)|tak for (?:din tålmodighed|tålmodigheden)", 1.5),
    Rule(STATUS, r"oppdatering|uppdatering|opdatering|status|lägesrapport", 1.0, "subject"),
    Rule(STATUS, r"(?:noch|weiterhin|aktuell) (?:in bearbeitung|im (?:auswahl|bewerbungs)?prozess|in der (?:auswahl|prüfung|auswahlphase))|befindet sich (?:noch|weiterhin|aktuell)|noch (?:einige|ein paar|weitere) (?:gespräche|kandidaten|bewerber)", 3.5),
    Rule(STATUS, r"(?:dauert|dauern|dauerte) (?:leider )?(?:noch )?(?:etwas |ein wenig )?länger", 3.5),
    Rule(STATUS, r"(?:noch )?keine (?:endgültige )?entscheidung (?:getroffen|gefallen)|noch nicht (?:abgeschlossen|entschieden)", 3.0),
    Rule(STATUS, r"(?:melden uns|kommen [^.]{0,20}?(?:auf sie|auf dich) zurück|geben (?:ihnen|dir) bescheid)[^.]{0,30}?(?:bis|innerhalb|nächste|sobald|in den|zeitnah|spätestens|anfang|ende|mitte)|(?:hörst|hören) (?:du|sie) (?:spätestens|bis|innerhalb)", 1.5),
    Rule(STATUS, r"zwischenstand|zwischenbescheid|zwischenmeldung|aktueller stand|sachstand|kurzes update", 3.0),
    Rule(STATUS, r"\b(?:verzögerung|verzögert|verschoben)\b", 1.5),
    Rule(STATUS, r"danke für (?:ihre|deine) geduld|vielen dank für (?:ihre|deine) geduld", 1.5),
    # Timelines in any of the languages: an answer promised by a date, a decision put off,
    # a process behind schedule, interviews planned for later, the public list of applicants.
    Rule(STATUS, r"(?:hear from (?:us|me)|get back to you|be in touch|let you know|update you|come back to you|hører fra (?:os|oss|mig|meg)|hör(?:a)? av oss|melder (?:os )?tilbage|melde tilbage|vender tilbage|kommer tilbake|kommer tilbage|återkommer|melden uns|von uns hören)[^.]{0,40}?(?:\bby\b|\bbefore\b|no later than|at the latest|senest|senast|innen|inden|spätestens|bis (?:zum|spätestens|ende|\d))", 2.5),
    Rule(STATUS, r"(?:beslutningen|avgjørelsen|beslutet|die entscheidung|the decision|decision)[^.]{0,60}?(?:skubbet|udskudt|utsatt|forsinket|försenad|uppskjuten|skjutits upp|verschoben|postponed|delayed|pushed back|on hold)", 3.0),
    Rule(STATUS, r"(?:bagud|bak skjema|efter tidsplan|behind) (?:med |with |i |on )?(?:processen|prosessen|the process|rekrutteringen|schedule)", 2.5),
    Rule(STATUS, r"(?:lovet|lovat|lovede|promised|versprochen)[^.]{0,30}?(?:svar|besked|beskjed|answer|decision|antwort|update|tilbakemelding|återkoppling)", 2.0),
    Rule(STATUS, r"(?:hvem (?:der|som)|vem som|who (?:will )?|wer) (?:går|skal|kommer|gå|goes|go|moves?|progress(?:es)?|weiterkommt)[^.]{0,20}?(?:videre|vidare|forward|through|to the next|weiter)", 2.0),
    Rule(STATUS, r"søkerliste|søkjarliste|sökandelista|søgerliste", 1.5),
    Rule(STATUS, r"(?:tar sikte på|tek sikte på|planlegger å|planlegg å|planerar att|planlægger at|forventer å|regner med å|plan to|aim to|expect to|hope to|planen er å|vi håper å|we plan to|wir planen)(?: \w+){0,3}? (?:holde|halde|gjennomføre|ha|hålla|genomföra|afholde|have|hold|conduct|start|run|schedule|führen|durchführen)(?: \w+){0,2}? (?:intervju|intervjuer|interviews?|samtaler|samtal|gespräche)", 3.0),
    Rule(STATUS, r"(?:intervju|intervjuer|interviews?|samtaler|samtal|gespräche) (?:er |är |are |sind |will be )?(?:planlagt|planlagd|planerade|planerad|planned|scheduled|geplant|vorgesehen) (?:i |for |in |til |till |für )?(?:uke|veke|vecka|uge|week|woche|kw)", 3.0),
    # ---- automatic reply --------------------------------------------------------------------
    Rule(AUTO, r"auto-replied", 6.0, "header:auto-submitted", structural=True),
    Rule(AUTO, r"auto-generated", 0.5, "header:auto-submitted", structural=True),
    Rule(AUTO, r"", 6.0, "header:x-autoreply", structural=True),
    Rule(AUTO, r"", 6.0, "header:x-autorespond", structural=True),
    Rule(AUTO, r"", 4.0, "header:x-autoresponder", structural=True),
    Rule(AUTO, r"auto_reply|autoreply", 6.0, "header:precedence", structural=True),
    Rule(AUTO, r"oof|autoreply|auto-reply", 3.0, "header:x-auto-response-suppress", structural=True),
    Rule(AUTO, r"^(?:automatic reply|auto(?:matic)?[- ]?(?:reply|response|antwort|svar)|autosvar|automatisk svar|automatiskt svar|automatisk besked|automatische antwort|out of (?:the )?office|ooo|abwesenheitsnotiz|abwesend|fravær|fraværsmelding|frånvaro|frånvarande|ikke på kontoret|på ferie|on vacation|on holiday|away)\b", 5.0, "subject"),
    Rule(AUTO, r"\bout of (?:the )?office\b|\bi am (?:currently )?(?:away|out|on (?:vacation|holiday|leave|parental leave|annual leave|a business trip))|\bi'm (?:currently )?(?:away|out of|on (?:vacation|holiday|leave|parental leave))|(?:limited|no|without) access to (?:my )?e-?mail", 3.5),
    Rule(AUTO, r"(?:will|i'll) (?:be back|return|reply|respond|get back to you|answer) (?:to your (?:e-?mail|message) )?(?:on|when i (?:return|am back|get back)|after|upon my return|as soon as (?:possible|i (?:return|am back)))", 2.5),
    Rule(AUTO, r"(?:back in the office|return(?:ing)? to the office|back at work)", 2.0),
    Rule(AUTO, r"(?:for urgent matters|if (?:it is|it's|your (?:matter|message) is) urgent|in urgent cases|i hastesaker|ved hastesaker|i brådskande ärenden|i akutte tilfælde|in dringenden fällen)", 2.0),
    Rule(AUTO, r"thank(?:s| you) for (?:your|the) (?:e-?mail|message|inquiry|enquiry|mail)[^.]{0,10}?[.!]? ?(?:this is an automatic|we (?:will|'ll) (?:respond|reply|get back)|i (?:will|'ll) (?:respond|reply|get back))", 3.0),
    Rule(AUTO, r"this (?:is an|is a|mailbox is|address is) (?:automatic|automated|not monitored|unmonitored)|(?:not|isn't|is not) monitored|automatic reply|auto-reply|autoreply|do not reply to this", 2.0),
    Rule(AUTO, r"(?:jeg er|er) (?:for tiden |for øyeblikket |p\.t\. |pt\. )?(?:på ferie|bortreist|ikke på kontoret|ute av kontoret|på kurs|i permisjon|i foreldrepermisjon|syk|fraværende|borte)|fraværende|på ferie (?:til|frem til|t\.o\.m\.)|tilbake (?:på kontoret |på jobb )?(?:den|igjen|mandag|tirsdag|onsdag|torsdag|fredag)", 3.5),
    Rule(AUTO, r"(?:jag är|är) (?:för närvarande |just nu )?(?:på semester|ledig|borta|tjänstledig|föräldraledig|frånvarande|inte på kontoret|på tjänsteresa)|åter (?:på kontoret |i tjänst )?(?:den|måndag|tisdag|onsdag|torsdag|fredag)|tillbaka (?:på kontoret |i tjänst )?(?:den|måndag|tisdag|onsdag|torsdag|fredag)", 3.5),
    Rule(AUTO, r"(?:jeg er|er) (?:i øjeblikket |p\.t\. )?(?:på ferie|fraværende|ikke på kontoret|på barsel|på kursus|syg|væk)|tilbage (?:på kontoret |igen )?(?:den|mandag|tirsdag|onsdag|torsdag|fredag)", 3.5),
    Rule(AUTO, r"(?:ich bin|bin) (?:derzeit |zurzeit |momentan |bis (?:einschließlich |zum )?[^.]{0,30}? )?(?:nicht im büro|im urlaub|abwesend|außer haus|nicht erreichbar|auf dienstreise|in elternzeit)|ab dem [^.]{0,20}? wieder (?:im büro|erreichbar|da)|abwesenheitsnotiz|automatische antwort", 3.5),
    Rule(AUTO, r"dette er et automatisk|dette er en automatisk|detta är ett automatiskt|dette er en automatisk|dies ist eine automatische|denne (?:e-?post|innboksen|postkassen|adressen) (?:blir ikke|overvåkes ikke|besvares ikke|er ikke)|(?:kan|skal) ikke besvares|denna (?:adress|brevlåda) (?:bevakas inte|är obevakad)|kan inte besvaras", 3.0),
    Rule(AUTO, r"takk for (?:din )?(?:e-?post|henvendelse|melding)|tack för (?:ditt )?(?:mejl|mail|meddelande)|tak for (?:din )?(?:mail|e-?mail|henvendelse)|vielen dank für ihre (?:e-?mail|nachricht|anfrage)", 1.0),
    # ---- job alerts (never matched) ---------------------------------------------------------
    Rule(ALERT, r"", 1.5, "header:list-unsubscribe", structural=True),
    Rule(ALERT, r"", 1.0, "header:list-id", structural=True),
    Rule(ALERT, r"bulk|list|junk", 1.0, "header:precedence", structural=True),
    Rule(ALERT, r"", 1.0, "header:x-campaign-id", structural=True),
    Rule(ALERT, r"", 1.0, "header:x-mailchimp-campaign", structural=True),
    Rule(ALERT, r"newsletter|nyhetsbrev|nyhedsbrev|nyhetsbrev|noreply-?alerts?|\balerts?@", 1.0, "sender", structural=True),
    Rule(ALERT, r"unsubscribe|manage (?:your )?(?:alerts|subscriptions|email preferences|notifications)|you (?:are receiving|received) this (?:e-?mail|message) because|email preferences|opt out|avslutt (?:abonnement|varsling)|meld deg av|avregistrer|avsluta prenumeration|avprenumerera|frameld|afmeld|abbestellen|abmelden|du (?:får|mottar) denne e-?posten fordi|du får det här mejlet|du modtager denne e-?mail", 1.5, "body", structural=True),
    Rule(ALERT, r"linkedin\.com|indeed\.|glassdoor\.|stepstone\.|monster\.|finn\.no|jobindex\.dk|arbetsformedlingen\.se|\bnav\.no|karriere\.(?:no|de|at)|xing\.com|ziprecruiter\.|totaljobs\.|reed\.co\.uk|jobnet\.dk|ofir\.|jobbnorge\.no|karrierestart\.no|simplyhired\.|careerbuilder\.|adzuna\.|jooble\.|talent\.com|welcometothejungle\.|wellfound\.|angel\.co|builtin\.|dice\.com|jobteaser\.|thehub\.io|academicwork\.|blocket\.se|jobsite\.|jobs\.ch|stellenanzeigen\.de|kununu\.|jobware\.|meinestadt\.|jobbsafari\.|jobrapido\.|careerjet\.|otta\.com|hired\.com", 2.0, "sender", structural=True),
    Rule(ALERT, r"job ?alerts?|jobs? ?(?:digest|newsletter|mail)|jobs-noreply|jobs-listings|talent community|jobagent|jobbagent|stillingsvarsel|jobalarm|jobbevakning|jobbvarsel|jobbsøk|jobsøg|jobbsök|stellenmarkt|jobbörse", 2.0, "sender"),
    Rule(ALERT, r"job ?alert|new jobs?|jobs? (?:for you|matching|that match|you might like|you may be interested in|near you|in your area)|recommended jobs?|jobs? recommendations?|hiring now|are hiring|(?:\d{1,4}|new) (?:open )?(?:positions|roles|openings|vacancies|jobs)(?: for you| matching| at| in| near)?", 3.0, "subject"),
    Rule(ALERT, r"stillingsvarsel|jobbvarsel|nye stillinger|ledige stillinger|(?:\d{1,4} )?(?:nye )?(?:stillinger|jobber) (?:som passer|for deg)|jobbtips|jobbagent|nye jobber|lediga jobb|nya jobb|jobbförslag|jobbevakning|nye job|ledige job|jobforslag|jobagent|jobalarm|neue jobs|stellenangebote|passende jobs|jobempfehlungen|job-alarm|jobs für (?:sie|dich)|stellen für (?:sie|dich)|neue stellen", 3.0, "subject"),
    Rule(ALERT, r"\b\d{1,4} (?:new |fresh |open )?(?:[\w-]{1,20} ){0,3}(?:roles|jobs|positions|openings|vacancies|stillinger|jobber|jobb|tjänster|job|stellen|stellenangebote|annonser|annonces|anzeigen|stillingsannonser|jobannoncer|platsannonser)\b|featured (?:roles|jobs|positions)|(?:top|latest) jobs|jobs? of the week|ukens (?:jobber|stillinger)|veckans jobb|ugens job|jobs? der woche", 2.5),
    Rule(ALERT, r"(?:match(?:es|ing)?|matcher|matchar|passer til|passar|passend zu) (?:din|ditt|dine|dina|your|ihrer|ihren|deiner|deinen) (?:saved |gemte |sparade )?(?:search|søk|søket|sökning|bevakning|søgning|jobagent|suchauftrag|suche|preferences|profil|profile|kriterier|criteria)", 3.0),
    Rule(ALERT, r"job alert|jobs? (?:you (?:might|may) (?:like|be interested in)|for you|matching your|that match your|based on your)|recommended (?:jobs|for you|positions)|based on your (?:profile|search|preferences|saved search|activity)|(?:new|latest) (?:jobs|job openings|positions|vacancies) (?:matching|for|at|in|near)|see all jobs|view all jobs|view (?:the )?job|apply now|easy apply|similar jobs|saved search|\d{1,4} new jobs", 2.0, "body"),
    Rule(ALERT, r"stillinger (?:som passer|for deg|basert på)|nye stillinger|ledige stillinger|jobber (?:for deg|som passer)|jobb som (?:matchar|passar)|lediga jobb|nya jobb|jobb för dig|job (?:der passer|til dig)|ledige job|nye job|jobs, die zu (?:ihnen|dir) passen|passende stellen|neue stellenangebote|stellenangebote für|jobempfehlungen|søk nå|ansök nu|søg nu|jetzt bewerben|se alle stillinger|se alla jobb|alle jobs anzeigen", 2.0, "body"),
    # ---- unrelated --------------------------------------------------------------------------
    Rule(UNRELATED, r"\b(?:order|invoice|receipt|payment|subscription|shipping|delivery|password|parcel|package|paket|pakke|sendung|zustellung|forsendelse|försändelse|leverans|verify your e-?mail|verification code|sign-?in|log-?in attempt|security alert|webinar|meetup|conference|party|dinner|lunch|birthday|weekend|vacation house|holiday home|faktura|kvittering for kjøp|bestilling|levering|passord|middag|bursdag|fest|helg|ferienhaus|rechnung|bestellung|geburtstag|abendessen|påminnelse|reminder|erinnerung|issue #?\d+|podcast|episode|nyhetsbrev|newsletter)\b", 1.5, "subject"),
    Rule(UNRELATED, r"interview (?:you|with you) (?:for|on|about) (?:an?|the|my|our) (?:episode|podcast|article|blog|magazine|newspaper|story|book|show|documentary|research|study|thesis)|\bpodcast\b|\bepisode\b|recording|for (?:an?|our|my) (?:article|blog post|magazine|newspaper|thesis|study|survey)", 3.0, "body"),
    Rule(UNRELATED, r"(?:påminnelse|reminder|erinnerung|påmindelse) (?:om|of|about|an|for) (?:your |din |ihre |dit |deine )?(?:time|timen|appointment|termin|avtale|avtalen|booking|bestilling|tid|tiden)|tannlege|tandläkare|tandlæge|zahnarzt|dentist|legetime|legekontor|doctor's appointment|arzttermin|frisør|frisör|friseur|hairdresser|avbestilling|avbokning|afbud|stornierung|cancellation policy", 3.0, "body"),
    Rule(UNRELATED, r"ordrenummer|order number|order no\.?|sendungsnummer|sendungsverfolgung|tracking number|track your (?:parcel|package|order)|sporingsnummer|spåra ditt paket|paketshop|pakkeboks|pakkeautomat|zusteller|bestellnummer|ordernummer|bokningsnummer|booking (?:reference|number)|bookingnummer|buchungsnummer|takk for handelen|tack för ditt köp|tak for dit køb|danke für ihren einkauf|thank you for your (?:order|purchase|booking)|tack för din bokning|takk for bestillingen|tak for din bestilling|trevlig resa|god tur|gute reise", 3.0, "body"),
    Rule(UNRELATED, r"ordrebekreftelse|orderbekräftelse|ordrebekræftelse|bestellbestätigung|order confirmation|bokningsbekräftelse|booking confirmation|buchungsbestätigung|bestillingsbekreftelse|kvittering|receipt|your order|din ordre", 2.0, "subject"),
    Rule(UNRELATED, r"efaktura|e-faktura|invoice|faktura|rechnung|payment (?:is )?due|forfallsdato|förfallodatum|forfaldsdato|fälligkeit|kontoutskrift|account statement|your order|din ordre|din beställning|din bestilling|ihre bestellung", 2.5, "body"),
)
# fmt: on
