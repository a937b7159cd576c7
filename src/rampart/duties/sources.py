"""The law, regulations and national policy each duty rests on, named in words.

Kept in one place so a reviewer can check every citation against the source documents
(``docs/duties.md`` lists which document says what).
"""

POLICY_FRAMEWORK = "NHS England national sexual misconduct policy framework (October 2024)"
ACTIONS_LETTER = "NHS England letter 'Actions to tackle sexual misconduct in the NHS' (August 2025)"
UPDATE_LETTER = "NHS England letter 'An update on actions to prevent sexual misconduct in the NHS' (2025)"
PFD_RESPONSE = "NHS England's response to a Prevention of Future Deaths report"

REVIEW_GROUP = (
    f"{POLICY_FRAMEWORK}, review group section: review groups for any case with a sexual "
    f"component ({PFD_RESPONSE}); {UPDATE_LETTER}: consider whether actions could have a sexual "
    "dimension even when it is not obvious, and strongly consider review groups supported by "
    "safeguarding advice"
)

RISK_ASSESSMENT = (
    f"{POLICY_FRAMEWORK}, review group section and checklist: a risk assessment for everyone "
    "involved, covering possible harm and whether the police should be contacted; risks to "
    f"individuals assessed immediately once an allegation is reported ({PFD_RESPONSE})"
)

SUPPORT = (
    f"{POLICY_FRAMEWORK}: support offered to everyone involved, including the person accused "
    f"(review group checklist and HR responsibilities, {PFD_RESPONSE}); Sexual Safety Charter "
    f"principle 4; {UPDATE_LETTER}: offer wellbeing support to anyone who needs it"
)

SPECIALIST_INVESTIGATOR = (
    f"{POLICY_FRAMEWORK}: investigators specifically trained in sexual misconduct; "
    f"{ACTIONS_LETTER}: expert advisers and specially trained investigators; {UPDATE_LETTER}: "
    "specialist investigators, and doctors or dentists who investigate must have specialist "
    "training in sexual misconduct"
)

INTERIM_MEASURES = (
    f"{POLICY_FRAMEWORK}: risks to individuals assessed immediately and steps taken once an "
    "allegation is reported, such as suspension or removing access to fatal drugs, under the "
    f"organisation's conduct, capability or professional standards policies ({PFD_RESPONSE})"
)
INTERIM_MEASURES_MHPS = (
    "Maintaining High Professional Standards in the modern NHS (MHPS): restriction or exclusion "
    "of doctors and dentists"
)

POLICE_REPORT = (
    f"{UPDATE_LETTER}: criminal allegations are reported to the police, and review groups "
    f"consider any necessary police involvement; {POLICY_FRAMEWORK}: the risk assessment covers "
    "whether the police should be contacted"
)
POLICE_REPORT_GMC = (
    "GMC guidance 'Sexual behaviour and your duty to report colleagues': make sure a suspected "
    "sexual assault or other crime is reported to the police"
)

POLICE_LIAISON = (
    f"{UPDATE_LETTER}: where there is police involvement, employers are required to engage with "
    "their police liaison to agree which parts of the misconduct investigation can continue "
    "while the police investigation is under way"
)

SAFEGUARDING = (
    "Statutory safeguarding duties and thresholds (Children Act 1989 and Children Act 2004 for "
    "children; Care Act 2014 for adults at risk); Health and Social Care Act 2008 (Regulated "
    "Activities) Regulations 2014, regulation 13 (safeguarding service users from abuse); "
    f"{UPDATE_LETTER}: allegations must take account of statutory safeguarding thresholds; "
    "referred the same day (Working Together to Safeguard Children 2023; Care Act 2014 statutory "
    "guidance, chapter 14)"
)

LADO = (
    "Working Together to Safeguard Children 2023: allegations that a person who works with "
    "children has harmed, or may have harmed, a child are reported to the Local Authority "
    "Designated Officer (LADO) within one working day"
)

DBS_BARRING = (
    "Safeguarding Vulnerable Groups Act 2006, section 35: a regulated activity provider must "
    "refer a person to the DBS when it removes them from regulated activity (or would have, had "
    "they not left) because of relevant conduct, the harm test or a caution or conviction for an "
    "automatic barring offence; failing to refer without reasonable excuse is an offence. DBS "
    f"guidance 'Making barring referrals to the DBS'; {UPDATE_LETTER}: a barring referral should "
    "be made when someone is removed from work or specific clinical duties because of conduct "
    "that harmed a child or adult or put them at risk of harm"
)

RESPONSIBLE_OFFICER = (
    "GMC employer referral threshold: the responsible officer judges whether local management "
    "is no longer appropriate; "
    f"{UPDATE_LETTER}: the Postgraduate Dean is a resident doctor's responsible officer, and "
    "responsible officers are trained to handle sexual misconduct cases"
)

REGULATOR_COMMON = (
    f"{UPDATE_LETTER}: reporting to the professional regulator built into sexual misconduct "
    "incident management; Health and Social Care Act 2008 (Regulated Activities) Regulations "
    "2014, regulation 19 (fit and proper persons employed)"
)
REGULATOR_GUIDANCE = {
    "GMC": (
        "GMC Good medical practice and guidance 'Sexual behaviour and your duty to report "
        "colleagues'; the GMC's employer referral threshold (an unacceptable risk to patients "
        "remains, or the doctor leaves with concerns unresolved)"
    ),
    "NMC": (
        "NMC guidance for employers 'Making a referral': employers must refer when a registrant's "
        "conduct presents a risk to patient safety, before the internal investigation ends and "
        "early in very serious cases (such as a police charge) so that an interim order can be "
        "considered"
    ),
    "HCPC": (
        "HCPC guidance for employers 'Refer an employee to us': refer immediately for sexually "
        "motivated or indecent behaviour, crossing professional boundaries, being charged, "
        "cautioned or convicted, dismissal or suspension after an investigation, or resignation "
        "during one"
    ),
    "GDC": "General Dental Council fitness to practise referral",
    "GPhC": "General Pharmaceutical Council fitness to practise referral",
    "GOC": "General Optical Council fitness to practise referral",
    "SWE": "Social Work England fitness to practise referral",
}

CQC_NOTIFICATION = (
    "Care Quality Commission (Registration) Regulations 2009, regulation 18: notify the CQC "
    "without delay of incidents during, or as a consequence of, a regulated activity: any abuse "
    "or allegation of abuse relating to a service user (18(2)(e)) and any incident reported to "
    "or investigated by the police (18(2)(f)); health service bodies "
    "and primary medical services providers that have already told NHS England need not notify "
    "the CQC directly"
)

COMMISSIONER = (
    f"{ACTIONS_LETTER}: primary care providers notify their commissioner of any allegation of "
    f"sexual misconduct made against a member of their team; {UPDATE_LETTER}: reporting to NHS "
    "England built into sexual misconduct incident management"
)

MDSIPS = (
    f"{ACTIONS_LETTER}: where the subject is on the Performers List (medical, dental and "
    "ophthalmic), the commissioner is notified via the regional Medical Director - Systems "
    "Improvement and Professional Standards (MDSIPS), as the one notification to the "
    "commissioner; National Health Service (Performers Lists) "
    "(England) Regulations 2013"
)

POSTGRADUATE_DEAN = (
    f"{UPDATE_LETTER}: when allegations of inappropriate sexual behaviour are made against a "
    "resident doctor, an initial discussion between the employer and the Postgraduate Dean, as "
    "the doctor's responsible officer, to agree next steps; Maintaining High Professional "
    "Standards in the modern NHS (MHPS)"
)

ESR = (
    f"{ACTIONS_LETTER}: keep ESR up to date with ongoing and completed investigations into staff, "
    "where the organisation records employee relations issues in ESR; inter-authority transfers "
    "may reveal ongoing investigations"
)

INFORMATION_SHARING = (
    f"{ACTIONS_LETTER}: share concerns about healthcare professionals with future employers and "
    "host organisations, including investigation findings, relevant DBS information and "
    "cumulative patterns of behaviour; data protection is not a barrier to sharing information "
    "that could protect patients or staff. NHS Employers 'Employment history and reference "
    "checks standard': information shared must be a fair and true reflection"
)
