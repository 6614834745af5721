"""Value extraction on every cap, notice, deletion and audit clause of GitHub's Corporate Terms and DPA.

Quoted from the GitHub Corporate Terms of Service (2026-03-17) and the GitHub Data Protection
Agreement (2021-10-07, including the EU Standard Contractual Clauses it attaches), both
CC0 1.0; tests/data/SOURCES.md names the commits.
"""

from __future__ import annotations

import pytest

from desktop.core.playbook import default_playbook_path, load_playbook
from desktop.core.values import extract_values

PLAYBOOK = load_playbook(default_playbook_path())

CASES = [
    # ---------------------------------------------------------------- Corporate Terms
    # The cap for free products is not the deal's cap and is left out; the Beta Previews
    # cap is kept apart from the general cap.
    ("GitHub CT N Limitation of Total Liability", "liability_cap",
     "To the maximum extent permitted by applicable law, in no event will either party's total cumulative liability under this Agreement from all causes of action and all theories of liability exceed the Fees Customer has actually paid to GitHub during the 12 months preceding the claim giving rise to such liability. For products and services (including use of the Products) that are provided free of charge, GitHub’s liability is limited to direct damages up to $5,000.00 USD. For Beta Previews, GitHub's liability is limited to direct damages up to $500.00 USD.",
     {"cap_months_of_fees": 12, "preview_cap_amount": {"amount": 500.0, "currency": "USD"}}),
    ("GitHub CT N Indirect Damages", "liability_cap",
     "To the maximum extent permitted by applicable law, in no event will either party be liable to the other party or to any third party for any indirect, special, incidental, punitive, or consequential damages (including for loss of profits, revenue, or data) or for the cost of obtaining substitute products arising out of or in connection with this Agreement, however caused, whether such liability arises from any claim based upon contract, warranty, tort (including negligence), strict liability or otherwise, and whether or not a party has been advised of the possibility of such damages.",
     {}),
    ("GitHub CT N Exclusions", "liability_cap",
     "The exclusions and limitations set forth in this Section N will not apply to liability arising out of (1) a Party’s breach of its confidentiality obligations in Section P (except for all liability related to Content (excluding GitHub Content), which will remain subject to the limitations and exclusions above) or (2) a Party’s defense obligations in Section O.",
     {"uncapped_carve_outs": ("confidentiality", "indemnity")}),
    ("GitHub CT M Beta Previews Disclaimer", "liability_cap",
     "Customer may choose to use Beta Previews in its sole discretion. Beta Previews may not be supported and may be changed at any time without notice. Beta Previews may not be as reliable or available as the Service. Beta Previews are not subject to the same security measures and auditing to which the Service has been and is subject. GitHub will have no liability arising out of or in connection with Beta Previews. Customer uses Beta Previews at its own risk.",
     {}),
    ("GitHub CT K.2", "termination_for_convenience",
     "Either Party may terminate an Order Form (if applicable) or this Agreement, without cause, upon at least thirty (30) days' prior written notice. If Customer elects to terminate an Order Form or Agreement, it is Customer's responsibility to properly cancel its account with GitHub by going into Settings in the global navigation bar at the top of the screen. GitHub cannot cancel accounts in response to an email or phone request.",
     {"who": "either party", "notice_days": 30}),
    ("GitHub CT K.4 Order Forms", "data_deletion",
     "When an Order Form terminates or expires, as to that Order Form: (i) the Term will immediately end; (ii) any Subscription Licenses in the Order Form will automatically terminate, and Customer will no longer have the right to use the Service; (iii) if any Fees were owed prior to termination, Customer must pay those Fees immediately; (iv) each Party will promptly return (or, if the other party requests it, destroy) all Confidential Information belonging to the other to the extent permitted by the Service. Notwithstanding the foregoing, GitHub will make a reasonable effort to provide Customer with a copy of its lawful, non-infringing account Contents upon request; provided that Customer makes this request within 90 days of termination, suspension, or downgrade.",
     {"export_days": 90, "return_of_data": True}),
    ("GitHub CT K.4 deletion", "data_deletion",
     "GitHub will retain and use Customer's information as necessary to comply with our legal obligations, resolve disputes, and enforce GitHub's agreements, but barring legal requirements, GitHub will delete Customer's full profile and the Content of its repositories within 90 days of termination or expiration (though some information may remain in encrypted backups). This information cannot be recovered once Customer's account is canceled.",
     {"deletion_days": 90}),
    ("GitHub CT K.5", "acceptable_use",
     "GitHub has the right to suspend access to all or any part of the Service, including removing Content, at any time for violation of this Agreement or to protect the integrity, operability, and security of the Service, effective immediately, with or without notice. Unless prohibited by law or legal process or to prevent imminent harm to the Service or any third party, GitHub typically provides notice in the form of a banner or email on or before such suspension.",
     {"suspension_notice": True, "suspend_without_notice": True}),
    ("GitHub CT O.1", "ip_indemnity",
     "GitHub will defend Customer against any claim brought by an unaffiliated third party to the extent it alleges Customer’s authorized use of the Service infringes a copyright, patent, or trademark or misappropriates a trade secret of an unaffiliated third party. If GitHub is unable to resolve any such claim under commercially reasonable terms, it may, at its option, either: (a) modify, repair, or replace the Service (as applicable); or (b) terminate Customer’s subscription and refund any prepaid, unused subscription fees. GitHub will have no obligation under this Section O.1 for any such claim arising from: i) the modification of the Service, or the combination, operation, or use of the Service with equipment, devices, software, systems, or data, other than as expressly authorized by this Agreement (including the Documentation); (ii) Customer’s failure to stop using the Service after receiving notice to do so; (iii) Customer’s obligations under Section O.2; (iv) products or services (including use of the Service) that are provided by GitHub free of charge; or (v) access or use of Beta Previews.",
     {"covers": "service only"}),
    ("GitHub CT T.1", "governing_law",
     "If Customer’s principal office is in the Americas, this Agreement will be governed by and construed in accordance with the laws of the State of California, without giving effect to the principles of conflict of law, any legal action or proceeding arising under this Agreement will be brought exclusively in the federal or state courts located in the Northern District of California, and the Parties hereby consent to personal jurisdiction and venue therein. If Customer’s principal office is outside the Americas, this Agreement will be governed by the laws of Ireland, any legal action or proceeding arising under this Agreement will be brought exclusively in the courts located in Dublin, and the Parties hereby consent to personal jurisdiction and venue therein.",
     {"jurisdiction": "California / Ireland", "venue": "Northern District of California / Dublin"}),
    # ---------------------------------------------------------------- DPA
    ("GitHub DPA Data Security (reports)", "audit_rights",
     "GitHub will provide security compliance reporting such as external SOC1, type 2 and SOC2, type2 audit reports upon Customer request. Customer agrees that any information and audit rights granted by the applicable Data Protection Requirements (including, where applicable, Article 28(3)(h) of the GDPR) will be satisfied by these compliance reports, and will otherwise only arise to the extent that GitHub's provision of a compliance report does not provide sufficient information, or to the extent that Customer must respond to a regulatory or supervisory authority audit or investigation.",
     {"audit_reports": True, "reports_first": True}),
    ("GitHub DPA Data Security (regulator's auditor)", "audit_rights",
     "Customer must ensure its regulator’s use of an independent, accredited third-party audit firm, during regular business hours, with reasonable advance written notice to GitHub, and subject to reasonable confidentiality procedures. Neither Customer, its regulators, nor its regulators’ delegates shall have access to any data from GitHub’s other customers or to GitHub systems or facilities not involved in the Online Services.",
     {"third_party_auditor": True, "auditor_confidentiality": True}),
    ("GitHub DPA Data Security (costs)", "audit_rights",
     "Customer is responsible for all costs and fees related to GitHub’s cooperation with the regulatory audit of Customer, including all reasonable costs and fees for any and all time GitHub expends, in addition to the rates for services performed by GitHub.",
     {"cost_bearer": "customer"}),
    ("GitHub DPA Security Incident Notification", "breach_notification",
     'If GitHub becomes aware of a breach of security leading to the accidental or unlawful destruction, loss, alteration, unauthorized disclosure of, or access to Customer Data or Personal Data processed by GitHub on behalf and in accordance with the documented instructions of Customer in connection with the Online Services (each a "Security Incident"), GitHub will promptly and without undue delay (1) notify Customer of the Security Incident; (2) investigate the Security Incident and provide Customer with detailed information about the Security Incident; (3) take reasonable steps to mitigate the effects and to minimize any damage resulting from the Security Incident.',
     {"without_undue_delay": True}),
    ("GitHub DPA Security Incident Notification (customer's duty)", "breach_notification",
     "Customer must notify GitHub promptly about any possible misuse of its accounts or authentication credentials or any Security Incident related to an Online Service.",
     {}),
    ("GitHub DPA Data Retention and Deletion", "data_deletion",
     "Upon Customer's reasonable request, unless prohibited by law, GitHub will return or destroy all Customer Data and Personal Data processed by GitHub on behalf and in accordance with the documented instructions of Customer in connection with the Online Services at all locations where it is stored within 30 days of the request, provided that it is no longer needed for providing the Online Services or the purposes for which a data subject had authorized the processing of their Personal Data.",
     {"deletion_days": 30, "return_of_data": True}),
    ("GitHub DPA Subprocessors (notice)", "gdpr_processor",
     "From time to time, GitHub may engage new Subprocessors. GitHub will give Customer notice (by updating the website at https://github.com/github-subprocessors-list (or a successor location) and providing Customer with a mechanism to obtain notice of that update) of any new Subprocessor in advance of providing that Subprocessor with access to Customer Data. If GitHub engages a new Subprocessor for a new Online Service, GitHub will give Customer notice prior to availability of that Online Service.",
     {}),
    ("GitHub DPA GDPR Related Terms 7", "breach_notification",
     "GitHub shall notify Customer without undue delay after becoming aware of a Personal Data breach (Article 33(2)). Such notification will include that information a processor must provide to a controller under Article 33(3) to the extent such information is reasonably available to GitHub.",
     {"without_undue_delay": True}),
    ("GitHub DPA GDPR Related Terms 2(h)", "audit_rights",
     "make available to Customer all information necessary to demonstrate compliance with the obligations laid down in Article 28 of the GDPR and allow for and contribute to audits, including inspections, conducted by Customer or another auditor mandated by Customer.",
     {"customer_audit": True, "third_party_auditor": True}),
    ("GitHub DPA SCC 8.5", "data_deletion",
     "Processing by the data importer shall only take place for the duration specified in Annex I.B. After the end of the provision of the processing services, the data importer shall, at the choice of the data exporter, delete all personal data processed on behalf of the data exporter and certify to the data exporter that it has done so, or return to the data exporter all personal data processed on its behalf and delete existing copies. Until the data is deleted or returned, the data importer shall continue to ensure compliance with these Clauses.",
     {"certificate": True, "return_of_data": True}),
    ("GitHub DPA SCC 8.6(c)", "breach_notification",
     "In the event of a personal data breach concerning personal data processed by the data importer under these Clauses, the data importer shall take appropriate measures to address the breach, including measures to mitigate its adverse effects. The data importer shall also notify the data exporter without undue delay after having become aware of the breach.",
     {"without_undue_delay": True}),
    ("GitHub DPA SCC 8.9(c)", "audit_rights",
     "The data importer shall make available to the data exporter all information necessary to demonstrate compliance with the obligations set out in these Clauses and at the data exporter’s request, allow for and contribute to audits of the processing activities covered by these Clauses, at reasonable intervals or if there are indications of non-compliance. In deciding on a review or audit, the data exporter may take into account relevant certifications held by the data importer.",
     {"customer_audit": True}),
    ("GitHub DPA SCC 8.9(d)", "audit_rights",
     "The data exporter may choose to conduct the audit by itself or mandate an independent auditor. Audits may include inspections at the premises or physical facilities of the data importer and shall, where appropriate, be carried out with reasonable notice.",
     {"customer_audit": True, "third_party_auditor": True}),
    ("GitHub DPA SCC 9(a)", "gdpr_processor",
     "GENERAL WRITTEN AUTHORISATION The data importer has the data exporter’s general authorisation for the engagement of sub-processor(s) from an agreed list. The data importer shall specifically inform the data exporter in writing of any intended changes to that list through the addition or replacement of sub-processors at least 90 days in advance, thereby giving the data exporter sufficient time to be able to object to such changes prior to the engagement of the sub-processor(s).",
     {"subprocessor_notice_days": 90}),
    ("GitHub DPA SCC 16(d)", "data_deletion",
     "Personal data that has been transferred prior to the termination of the contract pursuant to paragraph (c) shall at the choice of the data exporter immediately be returned to the data exporter or deleted in its entirety. The same shall apply to any copies of the data. The data importer shall certify the deletion of the data to the data exporter.",
     {"certificate": True, "return_of_data": True}),
]


@pytest.mark.parametrize(("source", "key", "text", "expected"), CASES, ids=[f"{c[0]} [{c[1]}]" for c in CASES])
def test_values_of_github_clauses(source, key, text, expected):
    assert extract_values(PLAYBOOK.get(key), text) == expected
